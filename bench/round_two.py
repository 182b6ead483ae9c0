"""The table's text for the rows of performance round two (issue 19): the SQL floors, the
history, the public pages, the participations changelist and the serving mix."""

ROWS = (
    "summit_list_sql",
    "summit_detail_sql",
    "history_busiest",
    "public_pages",
    "admin_participations",
    "serving_mix",
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
            f"history of {row['actor']} ({row['entries']:,} entries), page of 100",
            f"{ms(row)}, {q['1']}/{q['100']} queries (page size 1/100)",
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
    if name == "serving_mix":
        m, b, u, s = row["measured"], row["baseline"], row["uncached"], row["file_cache"]

        def hits(part):
            return "—" if part["cache_hit_rate"] is None else f"{part['cache_hit_rate']:.0%}"

        return (
            f"serving mix ({row['distinct_paths']:,} paths: lists, filters, details, timelines, search), "
            f"{clients} clients",
            f"{m['requests_per_s']:,.0f} req/s, p99 {m['p99_ms']:.0f} ms, {m['errors']} errors, cache hits "
            f"{hits(m)} (cache off: {u['requests_per_s']:,.0f} req/s, p99 {u['p99_ms']:.0f} ms, {u['errors']} errors; "
            f"cache shared in files: {s['requests_per_s']:,.0f} req/s, p99 {s['p99_ms']:.0f} ms, hits {hits(s)})",
            f"{b['requests_per_s']:,.0f} req/s, p99 {b['p99_ms']:.0f} ms (minimal view)",
            f"{row['ratio']:.2f}",
        )
    raise KeyError(name)
