"""Progress bars for the long management commands (import_csv, export_csv, backup_csv,
restore_csv, generate_data, and index rebuilds): counts, rate and time left, drawn with rich on
the command's standard error when that is a terminal, and nothing at all when it is not (scripts,
CI, a pipe), so their output stays what it was."""

from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


def is_terminal(stream) -> bool:
    """`stream` is a terminal: a Django OutputWrapper (a command's self.stderr) or a file."""
    stream = getattr(stream, "_out", stream)
    return bool(getattr(stream, "isatty", lambda: False)())


class RateColumn(ProgressColumn):
    """Rows (or tables) per second."""

    def __init__(self, unit: str):
        super().__init__()
        self.unit = unit

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} {self.unit}/s" if speed else "", style="progress.data.speed")


class Bar:
    """What a command calls while it works: `advance(n)` or `update(done)`; a no-op when quiet."""

    def __init__(self, progress: Progress | None = None, task=None):
        self._progress, self._task = progress, task

    def advance(self, amount: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, amount)

    def update(self, completed: int, description: str | None = None) -> None:
        if self._progress is not None:
            fields = {"description": description} if description else {}
            self._progress.update(self._task, completed=completed, **fields)


@contextmanager
def progress_bar(stream, description: str, total: int | None, unit: str = "rows"):
    """A progress bar on `stream` while the block runs, if `stream` is a terminal."""
    if not is_terminal(stream):
        yield Bar()
        return
    console = Console(file=getattr(stream, "_out", stream), stderr=True)
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        RateColumn(unit),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(description, total=total)
        yield Bar(progress, task)
