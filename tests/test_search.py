import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from events.search import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, search
from tests.api_helpers import anonymous, slugs

pytestmark = pytest.mark.django_db

# query -> the record that must come first (the fixtures and fixtures/names.json)
FIRST = {
    # names with and without diacritics, in every case (the examples first)
    "TÜRKİYE": "actor:turkiye",
    "Türkiye": "actor:turkiye",
    "turkiye": "actor:turkiye",
    "TURKIYE": "actor:turkiye",
    "OSMANLI": "source:avim-analysis-2026-11",
    "osmanli": "source:avim-analysis-2026-11",
    "Osmanlı": "source:avim-analysis-2026-11",
    "abdulkerimov": "source:anadolu-2025-12-19-orta-asya-japonya",
    "Abdülkerimov": "source:anadolu-2025-12-19-orta-asya-japonya",
    "Orta Asya Ülkeleri": "source:anadolu-2026-01-19-cin-orta-asya-ticaret",
    "orta asya ulkeleri": "source:anadolu-2026-01-19-cin-orta-asya-ticaret",
    "Azerbaijan": "actor:azerbaijan",
    # prefixes
    "kaz": "actor:kazakhstan",
    "Kazakh": "actor:kazakhstan",
    "Khujand": "agreement:khujand-treaty-2025",
    "Zangezur": "mechanism:tripp",
    "Turkic World Vision": "agreement:turkic-world-vision-2040",
    "green transformation": "topic:green-transformation-resilience",
    "Belt and Road": "mechanism:belt-and-road-initiative",
    # other names, acronyms and identifiers
    "Trans-Caspian": "mechanism:middle-corridor",
    "trans caspian": "mechanism:middle-corridor",
    "Middle Corridor": "mechanism:middle-corridor",
    "CA+JAD": "mechanism:ca-jad",
    "C5+C cooperation model": "mechanism:c5-c",
    "C5+C": "mechanism:c5-c",
    "Trump Route": "mechanism:tripp",
    "Tokyo Initiative": "agreement:ca-jad-tokyo-initiative",
    "Samarkand summit": "summit:eu-central-asia-samarkand-summit-2025",
    "Astana Summit": "summit:china-central-asia-astana-summit-2025",
    "Xi'an": "summit:china-central-asia-xian-summit-2023",
    "xian": "summit:china-central-asia-xian-summit-2023",
    "C5 mechanism": "mechanism:consultative-meeting-central-asia",
    "Central Asia-Japan Dialogue": "mechanism:ca-jad",
    "Orta Asya-Japonya diyalogu": "mechanism:ca-jad",
    "JPN": "actor:japan",
    "iso3166-1-alpha-3:KAZ": "actor:kazakhstan",
    "Declaration of Tokyo": "agreement:declaration-of-tokyo",
    # words from descriptions, outcomes and sources
    "demarcate": "agreement:khujand-treaty-2025",
    "19-million-dollar": "agreement:japan-investment-plan-2025",
    "Jamestown": "source:jamestown-2026-01-26",
}
# misspellings within a small edit distance: found on PostgreSQL (pg_trgm), suggested on SQLite
MISSPELT = {
    "Kirgizstan": ("actor:kyrgyzstan", "Kyrgyzstan"),
    "Tadjikistan": ("actor:tajikistan", "Tajikistan"),
    "Azərbaycan": ("actor:azerbaijan", "Azerbaijan"),
}


@pytest.fixture
def named_data(cainfo_data):
    """The project fixtures, other names included (made once for the tests that share them)."""


def first(query: str) -> str:
    result = search(query, facets=False)
    return f"{result.hits[0].record_type}:{result.hits[0].slug}" if result.hits else "nothing"


def test_the_table_of_queries_finds_the_expected_record_first(named_data):
    assert len(FIRST) >= 30
    wrong = {query: first(query) for query, expected in FIRST.items() if first(query) != expected}
    assert wrong == {}


def test_misspellings_are_found_on_postgresql_and_suggested_on_sqlite(named_data):
    for query, (expected, name) in MISSPELT.items():
        result = search(query)
        if connection.vendor == "postgresql":
            assert f"{result.hits[0].record_type}:{result.hits[0].slug}" == expected, query
            assert result.hits[0].matched == "similar"
        else:
            assert result.count == 0
            assert result.suggestions[0] == name, query


def test_an_exact_name_ranks_above_a_prefix_and_a_prefix_above_words_in_text(named_data):
    hits = search("CA+JAD").hits
    assert [hit.matched for hit in hits[:3]] == ["exact", "prefix", "prefix"]
    assert hits[-1].matched == "text"
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_search_api_returns_typed_ranked_hits_with_url_snippet_why_and_facets(named_data):
    body = anonymous().get("/api/v1/search/?q=turkiye").json()
    top = body["results"][0]
    assert (top["type"], top["slug"], top["name"], top["matched"]) == ("actor", "turkiye", "Türkiye", "exact")
    assert top["url"] == "http://testserver/api/v1/actors/turkiye/"
    assert top["page"] == "http://testserver/actors/turkiye/"
    assert top["snippet"] == "<mark>Türkiye</mark>"
    assert top["why"] == "name is “turkiye”"
    assert body["count"] == len(body["results"]) == sum(item["count"] for item in body["facets"]["type"])
    assert {"type", "year", "mechanism", "topic"} <= set(body["facets"])
    assert body["suggestions"] == []


def test_search_api_explains_a_match_in_an_other_name_and_in_text(named_data):
    results = anonymous().get("/api/v1/search/?q=Trans-Caspian").json()["results"]
    assert results[0]["why"] == "other name starts with “Trans-Caspian”"
    assert results[0]["snippet"] == "<mark>Trans</mark>-<mark>Caspian</mark> cooperation"
    assert results[1]["type"] == "summit" and results[1]["why"] == "words in outcome"


def test_snippets_escape_the_records_text(named_data):
    from events.models import Actor

    Actor.objects.filter(slug="japan").update(description="<script>alert(1)</script> Japan & lithium")
    call_command("rebuild_search_index", verbosity=0)
    hit = next(r for r in anonymous().get("/api/v1/search/?q=lithium").json()["results"] if r["slug"] == "japan")
    assert hit["snippet"] == "&lt;script&gt;alert(1)&lt;/script&gt; Japan &amp; <mark>lithium</mark>"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=tokyo&type=agreement", {"agreement"}),
        ("q=tokyo&type=summit,agreement", {"summit", "agreement"}),
    ],
)
def test_search_api_filters_by_type(named_data, query, expected):
    body = anonymous().get(f"/api/v1/search/?{query}").json()
    assert {hit["type"] for hit in body["results"]} == expected


def test_search_api_filters_by_mechanism_actor_topic_and_dates(named_data):
    def found(query):
        return {(r["type"], r["slug"]) for r in anonymous().get(f"/api/v1/search/?{query}").json()["results"]}

    assert found("q=summit&type=summit&mechanism=c5-c") == {
        ("summit", "china-central-asia-xian-summit-2023"),
        ("summit", "china-central-asia-astana-summit-2025"),
    }
    assert ("summit", "ca-jad-tokyo-summit-2025") in found("q=tokyo&actor=japan")
    assert found("q=tokyo&actor=china") == set()
    assert all(kind == "summit" or kind == "agreement" for kind, _ in found("q=tokyo&topic=connectivity"))
    assert found("q=summit&type=summit&date_after=2025-06&date_before=2025") == {
        ("summit", "c5-1-washington-summit-2025"),
        ("summit", "ca-jad-tokyo-summit-2025"),
    }  # the Astana summit is dated only to 2025, stored as its first day


def test_search_api_facets_count_types_years_mechanisms_and_topics(named_data):
    body = anonymous().get("/api/v1/search/?q=summit&type=summit").json()
    facets = body["facets"]
    assert body["count"] == 5  # the November 2025 consultative meeting is not called a summit
    assert facets["type"] == [{"value": "summit", "count": 5}]
    assert facets["year"] == [{"value": 2025, "count": 4}, {"value": 2023, "count": 1}]
    assert {"value": "c5-c", "name": "C5+C cooperation model", "count": 2} in facets["mechanism"]
    assert all(set(item) == {"value", "name", "count"} for item in facets["topic"])


def test_search_api_pages(named_data):
    first_page = anonymous().get("/api/v1/search/?q=central&page_size=5").json()
    second = anonymous().get(first_page["next"]).json()
    assert len(first_page["results"]) == 5 and first_page["previous"] is None
    assert not {r["slug"] for r in first_page["results"]} & {r["slug"] for r in second["results"]}


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("", "q", "at least one letter"),
        ("q=%2B%2B%2B", "q", "at least one letter"),
        (f"q={'a' * (MAX_QUERY_LENGTH + 1)}", "q", f"at most {MAX_QUERY_LENGTH} characters"),
        ("q=" + "+".join(["w"] * (MAX_QUERY_WORDS + 1)), "q", f"at most {MAX_QUERY_WORDS} words"),
        ("q=x&type=planet", "type", "not a record type"),
        ("q=x&mechanism=atlantis", "mechanism", "atlantis"),
        ("q=x&date_after=2025-13", "date_after", "not a valid date"),
        ("q=x&page_size=1000", "page_size", "from 1 to 100"),
        ("q=x&colour=red", "colour", "Unknown query parameter"),
    ],
)
def test_search_api_refuses_bad_input_with_a_400_that_says_why(named_data, query, parameter, message):
    response = anonymous().get(f"/api/v1/search/?{query}")
    assert response.status_code == 400
    assert message in " ".join(response.json()[parameter])


def test_a_hostile_query_is_a_400_or_an_answer_never_a_500(named_data):
    for query in ['"', "*", "NEAR(a b)", "a OR b", "' OR 1=1 --", "%", "\\", "a:* & !b", "NOT", "^x", "(((("]:
        response = anonymous().get("/api/v1/search/", {"q": query})
        assert response.status_code in (200, 400), query


def test_an_empty_result_suggests_the_nearest_names(named_data):
    body = anonymous().get("/api/v1/search/?q=Uzbekistn").json()
    if connection.vendor == "sqlite":
        assert body["count"] == 0 and body["suggestions"][0] == "Uzbekistan"
    else:
        assert body["results"][0]["slug"] == "uzbekistan"


def test_search_is_in_the_openapi_schema(named_data):
    schema = anonymous().get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "type", "mechanism", "actor", "topic", "date_after"}


@pytest.mark.parametrize(
    ("endpoint", "query", "expected"),
    [
        ("actors", "TÜRKİYE", "turkiye"),
        ("actors", "kaz", "kazakhstan"),
        ("sources", "osmanli", "avim-analysis-2026-11"),
        ("mechanisms", "Trans-Caspian", "middle-corridor"),
        ("summits", "CA+JAD", "ca-jad-tokyo-summit-2025"),
        ("agreements", "Tokyo Initiative", "ca-jad-tokyo-initiative"),
        ("topics", "minerals", "critical-minerals"),
    ],
)
def test_each_list_endpoints_search_uses_the_index_and_its_ranking(named_data, endpoint, query, expected):
    response = anonymous().get(f"/api/v1/{endpoint}/", {"search": query})
    assert response.status_code == 200
    assert slugs(response)[0] == expected


@pytest.mark.parametrize(
    ("endpoint", "record_type", "query"),
    [
        ("summits", "summit", "summit"),
        ("actors", "actor", "japan"),
        ("mechanisms", "mechanism", "central asia"),
        ("agreements", "agreement", "tokyo"),
        ("sources", "source", "orta asya"),
        ("topics", "topic", "co"),
        ("actors", "actor", "Kirgizstan"),  # PostgreSQL: found by trigrams in both; SQLite: in neither
    ],
)
def test_a_list_search_ranks_as_the_search_api_ranks_that_type(named_data, endpoint, record_type, query):
    listed = slugs(anonymous().get(f"/api/v1/{endpoint}/", {"search": query, "page_size": 100}))
    body = anonymous().get("/api/v1/search/", {"q": query, "type": record_type, "page_size": 100}).json()
    assert listed == [hit["slug"] for hit in body["results"]]
    assert len(listed) == body["count"]
    if query == "Kirgizstan":
        assert bool(listed) == (connection.vendor == "postgresql")
    else:
        assert len(listed) > 1


def test_a_list_search_out_of_bounds_is_a_400(named_data):
    response = anonymous().get("/api/v1/actors/", {"search": "x" * (MAX_QUERY_LENGTH + 1)})
    assert response.status_code == 400
    assert "at most" in response.json()["search"][0]


def test_a_list_search_keeps_an_explicit_ordering(named_data):
    names = [
        r["name"] for r in anonymous().get("/api/v1/actors/", {"search": "stan", "ordering": "name"}).json()["results"]
    ]
    assert names == sorted(names)


def test_the_public_search_page_shows_every_type_with_facets(named_data, client):
    page = client.get("/search/", {"q": "tokyo"}).content.decode()
    assert "<mark>Tokyo</mark>" in page
    for kind in ("summit", "agreement", "source", "actor"):
        assert f'<span class="muted">{kind}</span>' in page
    assert 'aria-label="Narrow the results"' in page and "?q=tokyo&amp;type=summit" in page
    narrowed = client.get("/search/", {"q": "tokyo", "type": "summit"}).content.decode()
    assert '<span class="muted">agreement</span>' not in narrowed


def test_the_public_search_page_suggests_names_and_refuses_bad_queries(named_data, client):
    page = client.get("/search/", {"q": "Kazakstn"}).content.decode()
    if connection.vendor == "sqlite":
        assert "Did you mean" in page and "Kazakhstan" in page
    else:
        assert "/actors/kazakhstan/" in page
    assert client.get("/search/", {"q": "w " * 50}).status_code == 400


def test_the_timeline_search_box_uses_the_index(named_data, client):
    page = client.get("/", {"q": "TÜRKİYE"})
    assert page.status_code == 200
    page = client.get("/", {"q": "Samarkand summit"}).content.decode()
    assert "EU–Central Asia Samarkand Summit" in page


def test_date_filter_takes_a_partial_date_as_its_period(named_data):
    hits = search("summit", types=["summit"], date_from=datetime.date(2023, 1, 1), date_to=datetime.date(2023, 12, 31))
    assert [hit.slug for hit in hits.hits] == ["china-central-asia-xian-summit-2023"]
