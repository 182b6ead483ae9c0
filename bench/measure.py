"""In-process measurements on a database that `bench/run.py` has prepared (migrated, fixtures,
generated data). Run as `python -m bench.measure OUT.json` with DJANGO_SETTINGS_MODULE=bench.settings
and DATABASE_URL set (BENCH_ROWS=search_api,search_page for some rows only); writes one JSON
object of rows.

Server time is the time of one request through Django's test client: URL resolution, middleware,
view, queries and rendering, without a socket. Measured and baseline requests alternate, so both
see the same machine."""

import json
import os
import random
import statistics
import sys
import time

import django

BENCH_REQUESTS = int(os.environ.get("BENCH_REQUESTS", 200))
WARMUP = 10


def runs(minimum, share=4):
    """A row's request count: a share of BENCH_REQUESTS, at least `minimum` unless BENCH_REQUESTS is fewer."""
    return max(min(minimum, BENCH_REQUESTS), BENCH_REQUESTS // share)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary_ms(values):
    return {
        "median_ms": round(statistics.median(values) * 1000, 2),
        "p95_ms": round(percentile(values, 0.95) * 1000, 2),
        "requests": len(values),
    }


def timed_get(client, url, **extra):
    start = time.perf_counter()
    response = client.get(url, **extra)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: {response.status_code} {response.content[:300]!r}")
    return elapsed, response


def compare(client, measured_urls, baseline_urls):
    """Alternate measured and baseline requests; the same number of each after a warm-up."""
    for url in measured_urls[:WARMUP] + baseline_urls[:WARMUP]:
        timed_get(client, url)
    measured, baseline = [], []
    for m_url, b_url in zip(measured_urls, baseline_urls, strict=True):
        measured.append(timed_get(client, m_url)[0])
        baseline.append(timed_get(client, b_url)[0])
    m, b = summary_ms(measured), summary_ms(baseline)
    return {"measured": m, "baseline": b, "ratio": round(m["median_ms"] / b["median_ms"], 2)}


def same_json(client, api_url, floor_url):
    """The baseline answers the same JSON as the API (pagination links aside)."""
    api = timed_get(client, api_url)[1].json()
    floor = timed_get(client, floor_url)[1].json()
    for body in (api, floor):
        body.pop("next", None)
        body.pop("previous", None)
    return api == floor


def summit_list(client, rng):
    from events.models import Summit

    pages = max(1, min(20, Summit.objects.count() // 50))
    numbers = [rng.randint(1, pages) for _ in range(BENCH_REQUESTS)]
    row = compare(
        client,
        [f"/api/v1/summits/?page_size=50&page={n}" for n in numbers],
        [f"/bench/summits/?page_size=50&page={n}" for n in numbers],
    )
    row["same_json"] = same_json(client, "/api/v1/summits/?page_size=50", "/bench/summits/?page_size=50")
    row["goal"] = "ratio <= 2.0"
    row["met"] = row["ratio"] <= 2.0 and row["same_json"]
    return row


def summit_detail(client, rng):
    from events.models import Summit

    slugs = list(Summit.objects.order_by("pk").values_list("slug", flat=True)[:5000])
    chosen = [rng.choice(slugs) for _ in range(BENCH_REQUESTS)]
    row = compare(client, [f"/api/v1/summits/{s}/" for s in chosen], [f"/bench/summits/{s}/" for s in chosen])
    row["same_json"] = same_json(client, f"/api/v1/summits/{chosen[0]}/", f"/bench/summits/{chosen[0]}/")
    row["goal"] = "ratio <= 2.0"
    row["met"] = row["ratio"] <= 2.0 and row["same_json"]
    return row


def busiest_generated_actor():
    from django.db.models import Count

    from events.models import Actor

    actor = (
        Actor.objects.filter(kind="state")
        .annotate(n=Count("participations"))
        .order_by("-n", "slug")
        .values("slug", "n")
        .first()
    )
    return actor


def timeline_actor(client, rng):
    actor = busiest_generated_actor()
    url = f"/api/v1/timeline/?actor={actor['slug']}"
    for _ in range(3):
        timed_get(client, url)
    times = [timed_get(client, url)[0] for _ in range(runs(20))]
    m = summary_ms(times)
    from django.db import connection

    on_sqlite = connection.vendor == "sqlite"
    return {
        "measured": m,
        "actor": actor["slug"],
        "actor_summits": actor["n"],
        "goal": "median < 50 ms on SQLite at scale 1" if on_sqlite else "— (the goal is SQLite's)",
        "met": m["median_ms"] < 50 if on_sqlite else None,
    }


def list_queries(client, rng):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for endpoint in ["summits", "agreements", "mechanisms", "actors", "topics", "sources", "timeline"]:
        pair = []
        for size in (1, 100):
            with CaptureQueriesContext(connection) as context:
                timed_get(client, f"/api/v1/{endpoint}/?page_size={size}")
            pair.append(len(context))
        counts[endpoint] = {"page_size_1": pair[0], "page_size_100": pair[1]}
    summits = counts["summits"]
    return {
        "measured": summits,
        "all_lists": counts,
        "goal": "equal",
        "met": all(c["page_size_1"] == c["page_size_100"] for name, c in counts.items() if name != "timeline")
        and summits["page_size_1"] == summits["page_size_100"],
    }


def admin_changelist(client, rng):
    return changelist(client, "summit", "< 300 ms", 300)


def admin_participations(client, rng):
    return changelist(client, "participation", "<= 100 ms", 100)


def changelist(client, model_name, goal, limit_ms):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client.force_login(user)
    try:
        from django.apps import apps

        last_page = max(0, min(50, (apps.get_model("events", model_name).objects.count() - 1) // 100))
        urls = [f"/admin/events/{model_name}/", f"/admin/events/{model_name}/?p={last_page}"]
        queries = {}
        for url in urls:
            with CaptureQueriesContext(connection) as context:
                timed_get(client, url)
            queries[url] = len(context)
        times = [timed_get(client, urls[0])[0] for _ in range(runs(10, 10))]
    finally:
        client.logout()
    m = summary_ms(times)
    first, later = queries.values()
    return {
        "measured": {**m, "queries_first_page": first, "queries_later_page": later},
        "goal": f"{goal}, constant queries",
        "met": m["median_ms"] <= limit_ms and first == later,
    }


SEARCH_QUERIES = [
    "Türkiye",
    "kaz",
    "CA+JAD",
    "Tokyo",
    "Samarkand",
    "lithium",
    "synthetic summit 4711",
    "SM17",
    "Astana",
]


def search_api(client, rng):
    """GET /api/v1/search/ first page with facets, a mix of names, prefixes, other names and
    words; `Astana` matches every generated summit held there (about a tenth of them)."""
    urls = [f"/api/v1/search/?q={rng.choice(SEARCH_QUERIES)}" for _ in range(BENCH_REQUESTS)]
    for url in urls[:WARMUP]:
        timed_get(client, url)
    m = summary_ms([timed_get(client, url)[0] for url in urls])
    broad = summary_ms([timed_get(client, "/api/v1/search/?q=synthetic")[0] for _ in range(min(20, BENCH_REQUESTS))])
    return {"measured": m, "broad": broad, "goal": "median <= 30 ms", "met": m["median_ms"] <= 30}


def search_page(client, rng):
    urls = [f"/search/?q={rng.choice(SEARCH_QUERIES)}" for _ in range(BENCH_REQUESTS)]
    for url in urls[:WARMUP]:
        timed_get(client, url)
    m = summary_ms([timed_get(client, url)[0] for url in urls])
    return {"measured": m, "goal": "median <= 60 ms", "met": m["median_ms"] <= 60}


def search_index(client, rng):
    """Rebuilding the whole index (what generate_data and rebuild_search_index do), and its size.
    bench/run.py passes the seconds of the build that ended generate_data (BENCH_SEARCH_INDEX_SECONDS)
    rather than building it a second time."""
    from events.models import SearchEntry
    from events.search import index_size, rebuild

    built = os.environ.get("BENCH_SEARCH_INDEX_SECONDS")
    seconds = float(built) if built else rebuild()["seconds"]
    size = index_size()
    return {
        "measured": {"seconds": seconds, "entries": SearchEntry.objects.count(), "bytes": size},
        "goal": "reported",
        "met": True,
    }


def api_fields(client):
    """`?fields=` for every field of a summit but `provenance`, which the SQL floors leave out."""
    first = timed_get(client, "/api/v1/summits/?page_size=1")[1].json()["results"][0]
    return "fields=" + ",".join(name for name in first if name != "provenance")


def on_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


def summit_list_sql(client, rng):
    """Page 1 and page 1,000 (the last, when there are fewer) of 50 against the SQL floor."""
    from events.models import Summit

    fields = api_fields(client)
    deep = max(1, min(1000, Summit.objects.count() // 50))
    row = {}
    for name, page in (("page_1", 1), ("page_deep", deep)):
        urls = [f"/api/v1/summits/?page_size=50&page={page}&{fields}", f"/bench/sql/summits/?page_size=50&page={page}"]
        count = runs(10)
        row[name] = {**compare(client, [urls[0]] * count, [urls[1]] * count), "page": page}
        row[name]["same_json"] = same_json(client, *urls)
    limit = 2.0 if on_postgres() else 3.0
    deep_vs_first = row["page_deep"]["measured"]["median_ms"] / row["page_1"]["measured"]["median_ms"]
    return {
        **row,
        "measured": row["page_1"]["measured"],
        "deep_vs_first": round(deep_vs_first, 2),
        "goal": f"ratio <= {limit:g} (both pages); page {deep} <= 2x page 1",
        "met": all(row[n]["ratio"] <= limit and row[n]["same_json"] for n in ("page_1", "page_deep"))
        and deep_vs_first <= 2,
    }


def summit_detail_sql(client, rng):
    from events.models import Summit

    fields = api_fields(client)
    slugs = list(Summit.objects.order_by("pk").values_list("slug", flat=True)[:5000])
    chosen = [rng.choice(slugs) for _ in range(BENCH_REQUESTS)]
    api = [f"/api/v1/summits/{slug}/?{fields}" for slug in chosen]
    row = compare(client, api, [f"/bench/sql/summits/{slug}/" for slug in chosen])
    row["same_json"] = same_json(client, f"/api/v1/summits/{chosen[0]}/?{fields}", f"/bench/sql/summits/{chosen[0]}/")
    row["goal"] = "ratio <= 3.0"
    row["met"] = row["ratio"] <= 3.0 and row["same_json"]
    return row


def queries_of(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        timed_get(client, url)
    return len(context)


def history_busiest(client, rng):
    """The history of the actor with most participations, its first page as the API serves it
    (25 entries), against a summit detail; a page of 100 is timed beside it. Generated
    data has no history (bulk writes): each of the actor's participations is saved once first."""
    actor = busiest_generated_actor()
    from events.models import Participation, Summit

    for participation in Participation.objects.filter(actor__slug=actor["slug"]).order_by("pk")[:1200]:
        participation.save()

    slugs = list(Summit.objects.order_by("pk").values_list("slug", flat=True)[:5000])
    url = f"/api/v1/actors/{actor['slug']}/history/"
    count = runs(10)
    row = compare(client, [url] * count, [f"/api/v1/summits/{rng.choice(slugs)}/" for _ in range(count)])
    queries = {size: queries_of(client, f"{url}?page_size={size}") for size in (1, 100)}
    full_page = [timed_get(client, f"{url}?page_size=100")[0] for _ in range(count)]
    row.update(
        page_of_100=summary_ms(full_page),
        actor=actor["slug"],
        entries=timed_get(client, url)[1].json()["count"],
        queries=queries,
        goal="constant queries; ratio to a summit detail <= 3",
    )
    row["met"] = queries[1] == queries[100] and row["ratio"] <= 3
    return row


def public_pages(client, rng):
    """The public home page (the timeline with its filter form) and a summit's page."""
    from events.models import Summit

    slugs = list(Summit.objects.order_by("pk").values_list("slug", flat=True)[:5000])
    count = runs(10)
    home = [timed_get(client, "/")[0] for _ in range(count + 3)][3:]
    record = [timed_get(client, f"/summits/{rng.choice(slugs)}/")[0] for _ in range(count + 3)][3:]
    m, r = summary_ms(home), summary_ms(record)
    return {
        "measured": m,
        "record_page": r,
        "goal": "median <= 60 ms (both)",
        "met": m["median_ms"] <= 60 and r["median_ms"] <= 60,
    }


ROWS = {
    "summit_list": summit_list,
    "summit_list_sql": summit_list_sql,
    "summit_detail_sql": summit_detail_sql,
    "public_pages": public_pages,
    "summit_detail": summit_detail,
    "timeline_actor": timeline_actor,
    "list_queries": list_queries,
    "admin_changelist": admin_changelist,
    "admin_participations": admin_participations,
    "search_index": search_index,
    "search_api": search_api,
    "search_page": search_page,
    "history_busiest": history_busiest,  # last: it saves rows
}


def main(out_path):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.test import Client

    client = Client(raise_request_exception=True)
    rng = random.Random(2026)
    results = {}
    chosen = [name for name in os.environ.get("BENCH_ROWS", "").split(",") if name] or list(ROWS)
    for name, function in ((name, ROWS[name]) for name in chosen):
        start = time.perf_counter()
        results[name] = function(client, rng)
        results[name]["seconds"] = round(time.perf_counter() - start, 1)
        print(f"  {name}: {json.dumps(results[name])}", file=sys.stderr, flush=True)
    with open(out_path, "w") as stream:
        json.dump(results, stream, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
