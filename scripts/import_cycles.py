"""Import cycles among cainfo's own modules (events and cainfo, migrations aside).

Run from the repository root: `.venv/bin/python scripts/import_cycles.py`. It prints the cycles of
module-level imports (importing `a.b.c` also runs `a.b`), and the pairs of modules that import
each other with one side's import inside a function, and exits 1 when there is either.
"""

import ast
import pathlib
import sys

PACKAGES = ("events", "cainfo")


def project_modules(root: pathlib.Path) -> dict[str, pathlib.Path]:
    modules = {}
    for package in PACKAGES:
        for path in root.glob(f"{package}/**/*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def imported(module: str, node: ast.Import | ast.ImportFrom, is_package: bool, modules) -> set[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            parts = module.split(".") if is_package else module.split(".")[:-1]
            parts = parts[: len(parts) - (node.level - 1)]
            prefix = ".".join(parts + ([node.module] if node.module else []))
        else:
            prefix = node.module
        names = [prefix, *(f"{prefix}.{alias.name}" for alias in node.names)]
    found = set()
    for name in names:
        parts = name.split(".")
        found |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)} & modules.keys()
    return found - {module}


def import_graph(modules):
    eager, lazy = {}, {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text())
        is_package = path.name == "__init__.py"
        top_level = {id(node) for node in tree.body}
        eager[module], lazy[module] = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                targets = imported(module, node, is_package, modules)
                # a module's own parent packages are already being imported when it runs
                targets = {target for target in targets if not module.startswith(target + ".")}
                (eager if id(node) in top_level else lazy)[module] |= targets
    return eager, lazy


def cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def main() -> int:
    modules = project_modules(pathlib.Path("."))
    eager, lazy = import_graph(modules)
    module_cycles = cycles(eager)
    mutual = sorted({tuple(sorted((a, b))) for a in modules for b in lazy[a] if a in eager[b] | lazy[b]})
    print(f"{len(modules)} modules; cycles of module-level imports: {module_cycles or 'none'}")
    print(f"modules importing each other from inside a function: {mutual or 'none'}")
    return 1 if module_cycles or mutual else 0


if __name__ == "__main__":
    sys.exit(main())
