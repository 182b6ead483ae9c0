"""The markdown table of `make bench` (bench/run.py) from its JSON report."""

import json

import round_two  # bench/ is on the path: bench/run.py's directory


def ms(row, key="measured"):
    part = row[key]
    return f"{part['median_ms']:.1f} ms (p95 {part['p95_ms']:.1f})"


def describe(name, row, clients):
    """(what, measured, baseline, ratio) as text for the table."""
    if name in ("summit_list", "summit_detail"):
        what = "summits list, page of 50" if name == "summit_list" else "summit detail"
        return what, ms(row), ms(row, "baseline"), f"{row['ratio']:.2f}"
    if name == "timeline_actor":
        return f"timeline, actor={row['actor']} ({row['actor_summits']} summits)", ms(row), "—", "—"
    if name == "list_queries":
        m = row["measured"]
        return (
            "SQL queries per summits list request",
            f"{m['page_size_1']} (size 1) / {m['page_size_100']} (size 100)",
            "—",
            "—",
        )
    if name == "admin_changelist":
        m = row["measured"]
        return (
            "admin summit changelist",
            f"{m['median_ms']:.1f} ms, {m['queries_first_page']}/{m['queries_later_page']} queries (page 1/later)",
            "—",
            "—",
        )
    if name == "search_api":
        b = row["broad"]
        return (
            "search API, first page with facets",
            f"{ms(row)}; `synthetic` (every generated record) {b['median_ms']:.0f} ms",
            "—",
            "—",
        )
    if name == "search_page":
        return "public search page", ms(row), "—", "—"
    if name == "search_index":
        m = row["measured"]
        size = f"{m['bytes'] / 2**20:.0f} MiB" if m["bytes"] else "size unknown"
        return f"search index build, {m['entries']:,} entries", f"{m['seconds']:.1f} s, {size}", "—", "—"
    if name == "csv_import":
        m, b = row["measured"], row["baseline"]
        return (
            f"import {m['summits']:,} summits + {m['rows'] - m['summits']:,} participations (CSV)",
            f"{m['rows_per_s']:,.0f} rows/s, peak {m['peak_mib']:.0f} MiB",
            f"{b['rows_per_s']:,.0f} rows/s (bulk_create)",
            f"{row['ratio']:.2f}",
        )
    if name == "csv_export":
        m, b = row["measured"], row["baseline"]
        return (
            f"export {m['rows']:,} summits to CSV (median of {len(m.get('runs_rows_per_s', [0]))} alternating runs)",
            f"{m['rows_per_s']:,.0f} rows/s, peak {m['peak_mib']:.0f} MiB",
            f"{b['rows_per_s']:,.0f} rows/s (csv.writer)",
            f"{row['ratio']:.2f}",
        )
    if name == "serving":
        m, b, u = row["measured"], row["baseline"], row["uncached"]
        return (
            f"serving {row['endpoint']}, {row['clients']} clients, gunicorn 2 workers",
            f"{m['requests_per_s']:,.0f} req/s, p99 {m['p99_ms']:.0f} ms, {m['errors']} errors "
            f"(cache off: {u['requests_per_s']:,.0f} req/s, {u['errors']} errors)",
            f"{b['requests_per_s']:,.0f} req/s, p99 {b['p99_ms']:.0f} ms (minimal view)",
            f"{row['ratio']:.2f}",
        )
    if name == "serving_mix":
        return describe_mix(row)
    if name in round_two.ROWS:
        return round_two.describe(name, row, clients)
    return name, json.dumps(row.get("measured")), "", ""


def table(report):
    m = report["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Python {m['python']}; "
        f"scale {report['scale']}; {report['requests']} requests per timed row.",
        "",
        "| database | what | measured | baseline (same run) | ratio | goal | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for db, result in report["databases"].items():
        for name, row in result["rows"].items():
            what, measured, baseline, ratio = describe(name, row, report["clients"])
            met = {True: "yes", False: "NO", None: "—"}[row["met"]]
            lines.append(f"| {db} | {what} | {measured} | {baseline} | {ratio} | {row['goal']} | {met} |")
    return "\n".join(lines)


def load_figures(part, hits=True):
    text = f"{part['requests_per_s']:,.0f} req/s, p99 {part['p99_ms']:.0f} ms, {part['errors']} errors"
    if hits and part.get("cache_hit_rate") is not None:
        text += f", hits {part['cache_hit_rate']:.0%}"
    return text


def describe_mix(row):
    m, b = row["measured"], row["baseline"]
    others = [
        ("then, cache warm", row.get("warm")),
        ("cache off", row.get("uncached")),
        ("cache shared in files", row.get("file_cache")),
        ("then", row.get("file_cache_warm")),
    ]
    return (
        f"serving mix ({row['distinct_paths']:,} paths: lists, filters, details, timelines, search), "
        f"{row['clients']} clients",
        f"{load_figures(m)} (first {row['seconds']:g} s, cache cold; "
        + "; ".join(f"{label}: {load_figures(part)}" for label, part in others if part)
        + ")",
        f"{load_figures(b, hits=False)} (minimal view)",
        f"{row['ratio']:.2f} cold / {row['warm_ratio']:.2f} warm",
    )
