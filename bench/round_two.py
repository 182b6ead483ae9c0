"""The table's text for the rows of performance round two (issue 19): the SQL floors, the
history, the public pages and the participations changelist (the serving mix's is bench/report.py's)."""

ROWS = (
    "summit_list_sql",
    "summit_detail_sql",
    "history_busiest",
    "public_pages",
    "admin_participations",
)


def ms(row, key="measured"):
    part = row[key]
    return f"{part['median_ms']:.1f} ms (p95 {part['p95_ms']:.1f})"


def describe(name, row, clients):
    """(what, measured, baseline, ratio) as text for the table."""
    if name == "summit_list_sql":
        first, deep = row["page_1"], row["page_deep"]
        return (
            f"summits list against the SQL floor, page 1 / page {deep['page']:,} of 50",
            f"{ms(first)} / {ms(deep)} (page {deep['page']:,} at {row['deep_vs_first']:.2f}x page 1)",
            f"{ms(first, 'baseline')} / {ms(deep, 'baseline')}",
            f"{first['ratio']:.2f} / {deep['ratio']:.2f}",
        )
    if name == "summit_detail_sql":
        return "summit detail against the SQL floor", ms(row), ms(row, "baseline"), f"{row['ratio']:.2f}"
    if name == "history_busiest":
        q = row["queries"]
        return (
            f"history of {row['actor']} ({row['entries']:,} entries), first page (25, the default)",
            f"{ms(row)}, {q['1']}/{q['100']} queries (page size 1/100); page of 100: {page_of_100(row)}",
            f"{ms(row, 'baseline')} (summit detail)",
            f"{row['ratio']:.2f}",
        )
    if name == "public_pages":
        return "public home page / a summit's page", f"{ms(row)} / {ms(row, 'record_page')}", "—", "—"
    if name == "admin_participations":
        m = row["measured"]
        return (
            "admin participations changelist",
            f"{m['median_ms']:.1f} ms, {m['queries_first_page']}/{m['queries_later_page']} queries (page 1/later)",
            "—",
            "—",
        )
    raise KeyError(name)


def page_of_100(row) -> str:
    page = row.get("page_of_100")
    return f"{page['median_ms']:.1f} ms" if page else "not timed"
