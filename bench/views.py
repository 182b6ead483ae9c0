"""Baselines ("floors") for the benchmarks: plain Django views that return the same JSON as the
API's summit list and detail, read with `.values()` queries and built as dicts by hand. They
skip DRF, filtering and validation, so they are the fastest the same answer can be had."""

import hashlib
from collections import defaultdict

from django.db.models import F
from django.http import Http404, JsonResponse
from django.utils import timezone

from events.dates import format_partial_date
from events.models import Agreement, Citation, Identifier, OtherName, Participation, Summit
from events.provenance import represented_provenance

SUMMIT_FIELDS = (
    "pk", "slug", "name", "date", "date_precision", "city", "level", "ordinal", "outcome",
    "curator_note", "inferred", "created_at", "updated_at",
    "mechanism__slug", "mechanism__name", "host__slug", "host__name",
)  # fmt: skip


def minimal(request):
    return JsonResponse({"ok": True})


def iso(moment):
    text = timezone.localtime(moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def summits_json(request, rows):
    base = request.build_absolute_uri("/api/v1/")

    def summary(kind, slug, name):
        return None if slug is None else {"slug": slug, "name": name, "url": f"{base}{kind}/{slug}/"}

    ids = [row["pk"] for row in rows]
    participants, topics, agreements, citations, other_names, identifiers = (defaultdict(list) for _ in range(6))
    for p in (
        Participation.objects.filter(summit_id__in=ids)
        .order_by("summit", "role", "actor__name", "actor")
        .values("summit_id", "role", "actor__slug", "actor__name", "representative__slug", "representative__name")
    ):
        participants[p["summit_id"]].append(
            {
                "actor": summary("actors", p["actor__slug"], p["actor__name"]),
                "role": p["role"],
                "representative": summary("actors", p["representative__slug"], p["representative__name"]),
            }
        )
    for t in (
        Summit.topics.through.objects.filter(summit_id__in=ids)
        .order_by("topic__name", "topic")
        .values("summit_id", "topic__slug", "topic__name")
    ):
        topics[t["summit_id"]].append(summary("topics", t["topic__slug"], t["topic__name"]))
    for a in Agreement.objects.filter(summit_id__in=ids).order_by("date", "name").values("summit_id", "slug", "name"):
        agreements[a["summit_id"]].append(summary("agreements", a["slug"], a["name"]))
    for c in (
        Citation.objects.filter(summit_id__in=ids)
        .order_by(*Citation._meta.ordering)
        .values("summit_id", "source__slug", "source__title", "locator", "quote", "claims")
    ):
        citations[c["summit_id"]].append(
            {
                "source": summary("sources", c["source__slug"], c["source__title"]),
                "locator": c["locator"],
                "quote": c["quote"],
                "claims": c["claims"],
            }
        )
    for n in (
        OtherName.objects.filter(summit_id__in=ids)
        .order_by(*OtherName._meta.ordering)
        .values("summit_id", "name", "kind", "language", "start", "start_precision", "end", "end_precision", "note")
    ):
        other_names[n["summit_id"]].append(
            {
                "name": n["name"],
                "kind": n["kind"],
                "language": n["language"],
                "start": format_partial_date(n["start"], n["start_precision"]) or None,
                "start_precision": n["start_precision"] or None,
                "end": format_partial_date(n["end"], n["end_precision"]) or None,
                "end_precision": n["end_precision"] or None,
                "note": n["note"],
            }
        )
    for i in (
        Identifier.objects.filter(summit_id__in=ids)
        .order_by(*Identifier._meta.ordering)
        .values("summit_id", "scheme", "value")
    ):
        identifiers[i["summit_id"]].append({"scheme": i["scheme"], "value": i["value"]})
    summits = [
        {
            "slug": r["slug"],
            "url": f"{base}summits/{r['slug']}/",
            "name": r["name"],
            "mechanism": summary("mechanisms", r["mechanism__slug"], r["mechanism__name"]),
            "date": format_partial_date(r["date"], r["date_precision"]) or None,
            "date_precision": r["date_precision"] or None,
            "city": r["city"],
            "host": summary("actors", r["host__slug"], r["host__name"]),
            "level": r["level"],
            "ordinal": r["ordinal"],
            "participants": participants[r["pk"]],
            "topics": topics[r["pk"]],
            "outcome": r["outcome"],
            "curator_note": r["curator_note"],
            "agreements": agreements[r["pk"]],
            "inferred": r["inferred"],
            "other_names": other_names[r["pk"]],
            "identifiers": identifiers[r["pk"]],
            "citations": citations[r["pk"]],
            "created_at": iso(r["created_at"]),
            "updated_at": iso(r["updated_at"]),
        }
        for r in rows
    ]
    for summit in summits:
        summit["provenance"] = represented_provenance("summit", summit)
    return summits


def summit_list(request):
    size = int(request.GET.get("page_size", 25))
    page = int(request.GET.get("page", 1))
    count = Summit.objects.count()
    queryset = Summit.objects.order_by(F("date").asc(nulls_last=True), "name", "pk").values(*SUMMIT_FIELDS)
    rows = list(queryset[(page - 1) * size : page * size])
    return JsonResponse({"count": count, "next": None, "previous": None, "results": summits_json(request, rows)})


def summit_detail(request, slug):
    rows = list(Summit.objects.filter(slug=slug).values(*SUMMIT_FIELDS))
    if not rows:
        raise Http404
    row = rows[0]
    version = f"events.Summit:{row['pk']}:{row['slug']}:{row['updated_at'].isoformat()}"
    response = JsonResponse(summits_json(request, rows)[0])
    response["ETag"] = f'"{hashlib.sha256(version.encode()).hexdigest()[:32]}"'
    return response
