"""Public pages: the timeline of summits and agreements, and one page for each record."""

import datetime

from django.core.paginator import Paginator
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .asof import possibly_on
from .cache import current_version
from .charts import membership_chart
from .forms import SearchForm, TimelineFilterForm, plural
from .models import (
    Actor,
    Agreement,
    AgreementParty,
    Citation,
    Mechanism,
    Membership,
    Participation,
    Source,
    Summit,
)
from .page_asof import as_of_context
from .search import search
from .timeline_rows import timeline_entries, timeline_rows
from .treaty_pages import AGREEMENT_PREFETCHES, MECHANISM_PREFETCHES, agreement_context, mechanism_context

TIMELINE_PAGE_SIZE = 25
PAGE_TYPES = ("summit", "mechanism", "agreement", "actor", "source")  # record types with a page

PARTICIPATIONS = Prefetch("participations", queryset=Participation.objects.select_related("actor", "representative"))
PARTIES = Prefetch("agreement_parties", queryset=AgreementParty.objects.select_related("actor", "representative"))
# Citations are numbered in the order curators entered them; the paragraph a citation locates is shown beside it.
CITATIONS = Prefetch(
    "citations",
    queryset=Citation.objects.select_related("source").prefetch_related("source__paragraphs").order_by("pk"),
)


def get_by_slug(queryset: QuerySet, slug: str):
    """The record with this slug, or a 404 that says what was looked for."""
    try:
        return queryset.get(slug=slug)
    except queryset.model.DoesNotExist:
        raise Http404(f"There is no {queryset.model._meta.verbose_name} with the identifier “{slug}”.") from None


def timeline(request):
    """Home page: summits and agreements by year, filtered by the query string."""
    # read once for the count and the suggestions (both kept under it)
    form = TimelineFilterForm(request.GET, data_version=current_version())
    if not form.is_valid():
        return render(request, "events/timeline.html", {"form": form, "page": None, "filtered": True}, status=400)
    page = Paginator(timeline_rows(form), TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.entries = timeline_entries(page.object_list)
    filtered = any(value not in (None, "") for value in form.cleaned_data.values())
    return render(request, "events/timeline.html", {"form": form, "page": page, "filtered": filtered})


def summit_detail(request, slug):
    summit = get_by_slug(
        Summit.objects.select_related("mechanism", "host").prefetch_related(
            PARTICIPATIONS,
            "topics",
            Prefetch("agreements", queryset=Agreement.objects.order_by("date", "name")),
            "other_names",
            CITATIONS,
        ),
        slug,
    )
    as_of, status = as_of_context(request, summit)
    siblings = []
    if summit.mechanism_id:
        siblings = list(
            Summit.objects.filter(mechanism_id=summit.mechanism_id)
            .only("slug", "name", "date", "date_precision", "date_text", "city")
            .order_by(F("date").asc(nulls_last=True), "name")
        )
    context = {"summit": summit, "siblings": siblings, **as_of}
    return render(request, "events/summit_detail.html", context, status=status)


def mechanism_detail(request, slug):
    mechanism = get_by_slug(
        Mechanism.objects.select_related("initiator", "parent").prefetch_related(
            "children",
            "levels",
            "topics",
            Prefetch("summits", queryset=Summit.objects.select_related("host").order_by("date", "name")),
            Prefetch("agreements", queryset=Agreement.objects.select_related("summit").order_by("date", "name")),
            "other_names",
            *MECHANISM_PREFETCHES,
            CITATIONS,
        ),
        slug,
    )
    as_of, status = as_of_context(request, mechanism)
    today = as_of["as_of"] or timezone.localdate()
    memberships = Membership.objects.filter(mechanism=mechanism).order_by(F("start").asc(nulls_first=True))
    members = mechanism.members_as_of(today).prefetch_related(
        Prefetch(
            "memberships", queryset=memberships.active_on(today).select_related("actor"), to_attr="current_memberships"
        )
    )
    not_current = memberships.exclude(possibly_on(today)).select_related("actor")
    return render(
        request,
        "events/mechanism_detail.html",
        {
            "mechanism": mechanism,
            "today": today,
            "members": list(members),
            "other_memberships": list(not_current),
            "membership_chart": membership_chart(mechanism, memberships.select_related("actor"), timezone.localdate()),
            **mechanism_context(mechanism),
            **as_of,
        },
        status=status,
    )


def agreement_detail(request, slug):
    agreement = get_by_slug(
        Agreement.objects.select_related("mechanism", "summit", "summit__mechanism").prefetch_related(
            PARTIES, *AGREEMENT_PREFETCHES, "topics", "other_names", CITATIONS
        ),
        slug,
    )
    as_of, status = as_of_context(request, agreement)
    context = {"agreement": agreement, **agreement_context(agreement, as_of["as_of"]), **as_of}
    return render(request, "events/agreement_detail.html", context, status=status)


def actor_detail(request, slug):
    actor = get_by_slug(
        Actor.objects.select_related("represents").prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("mechanism").order_by("start")),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("summit", "summit__mechanism", "representative").order_by(
                    "summit__date", "summit__name"
                ),
            ),
            Prefetch(
                "representations",
                queryset=Participation.objects.select_related("summit", "actor").order_by("summit__date"),
            ),
            Prefetch(
                "agreement_parties",
                queryset=AgreementParty.objects.select_related("agreement", "representative").order_by(
                    "agreement__date", "agreement__name"
                ),
            ),
            Prefetch(
                "agreement_representations",
                queryset=AgreementParty.objects.select_related("agreement", "actor").order_by("agreement__date"),
            ),
            Prefetch("representatives", queryset=Actor.objects.order_by("name")),
            Prefetch("hosted_summits", queryset=Summit.objects.order_by("date", "name")),
            "initiated_mechanisms",
            "other_names",
            CITATIONS,
        ),
        slug,
    )
    as_of, status = as_of_context(request, actor)
    return render(request, "events/actor_detail.html", {"actor": actor, **as_of}, status=status)


def source_detail(request, slug):
    source = get_by_slug(Source.objects.all(), slug)
    citations = source.citations.select_related("summit", "mechanism", "agreement", "actor").order_by("locator", "pk")
    context = {"source": source, "citations": list(citations), "paragraphs": list(source.paragraphs.all())}
    return render(request, "events/source_detail.html", context)


def mechanism_list(request):
    mechanisms = Mechanism.objects.select_related("parent").order_by("name")
    return render(request, "events/mechanism_list.html", {"mechanisms": mechanisms})


ACTOR_KIND_HEADINGS = {
    Actor.Kind.STATE: "States",
    Actor.Kind.ORGANISATION: "Intergovernmental organisations",
    Actor.Kind.UNION: "Unions of states",
    Actor.Kind.GROUP: "Groups of states",
    Actor.Kind.PERSON: "People",
}


def actor_list(request):
    by_kind = {kind: [] for kind in ACTOR_KIND_HEADINGS}
    for actor in Actor.objects.select_related("represents").order_by("name"):
        by_kind.setdefault(actor.kind, []).append(actor)
    groups = [(ACTOR_KIND_HEADINGS.get(kind, kind), actors) for kind, actors in by_kind.items() if actors]
    return render(request, "events/actor_list.html", {"groups": groups})


def source_list(request):
    sources = Source.objects.order_by("title")
    return render(request, "events/source_list.html", {"sources": sources})


SEARCH_PAGE_SIZE = 20


def search_page(request):
    """Every record type found by one query, ranked, with facets to narrow it down."""
    form = SearchForm(request.GET)
    context = {"form": form, "result": None}
    if not form.is_valid():
        return render(request, "events/search.html", context, status=400)
    data = form.cleaned_data
    if not data["q"]:
        return render(request, "events/search.html", context)
    page = data["page"] or 1
    year = data["year"]
    result = search(
        data["q"],
        types=[data["type"]] if data["type"] else None,
        mechanisms=[data["mechanism"].pk] if data["mechanism"] else None,
        topics=[data["topic"].pk] if data["topic"] else None,
        date_from=datetime.date(year, 1, 1) if year else None,
        date_to=datetime.date(year, 12, 31) if year else None,
        limit=SEARCH_PAGE_SIZE,
        offset=(page - 1) * SEARCH_PAGE_SIZE,
    )
    pages = {name: reverse(f"events:{name}-detail", args=["-"])[:-2] for name in PAGE_TYPES}
    for hit in result.hits:
        hit.page = f"{pages[hit.record_type]}{hit.slug}/" if hit.record_type in pages else None
    context.update(
        result=result,
        page=page,
        previous_url=_search_url(request, page=page - 1) if page > 1 else None,
        next_url=_search_url(request, page=page + 1) if page * SEARCH_PAGE_SIZE < result.count else None,
        facets=_facet_links(request, result.facets),
    )
    return render(request, "events/search.html", context)


def _search_url(request, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return f"?{params.urlencode()}"


def _facet_links(request, facets: dict) -> list[tuple[str, list[dict]]]:
    """Each facet's values as links that add (or, when chosen, remove) that filter."""
    headings = {"type": "Type", "year": "Year", "mechanism": "Mechanism", "topic": "Topic"}
    groups = []
    for key, heading in headings.items():
        links = []
        for item in facets.get(key, []):
            value = str(item["value"])
            chosen = request.GET.get(key) == value
            label = item.get("name") or (plural(value).capitalize() if key == "type" else value)
            url = _search_url(request, page=None, **{key: None if chosen else value})
            links.append({"label": label, "count": item["count"], "url": url, "chosen": chosen})
        if links:
            groups.append((heading, links))
    return groups
