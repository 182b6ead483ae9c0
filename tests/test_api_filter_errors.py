"""Bad filter values, unknown parameters and pagination: a 400 naming the parameter, never a 500."""

import pytest

from tests import api_filter_data
from tests.api_filter_data import error, get
from tests.api_helpers import anonymous, slugs

pytestmark = pytest.mark.django_db

data = api_filter_data.data  # the records the filters find (a shared data set)


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/summits/?date_after=2025-13", "date_after"),
        ("/api/v1/summits/?date_before=yesterday", "date_before"),
        ("/api/v1/summits/?date_after=2025-02-30", "date_after"),
        ("/api/v1/summits/?year=twenty", "year"),
        ("/api/v1/summits/?year=0", "year"),
        ("/api/v1/summits/?year=2025.5", "year"),
        ("/api/v1/summits/?mechanism=atlantis", "mechanism"),
        ("/api/v1/summits/?actor=atlantis", "actor"),
        ("/api/v1/summits/?role=king", "role"),
        ("/api/v1/summits/?host=atlantis", "host"),
        ("/api/v1/summits/?level=galactic", "level"),
        ("/api/v1/summits/?topic=atlantis", "topic"),
        ("/api/v1/summits/?ordering=colour", "ordering"),
        ("/api/v1/agreements/?kind=poem", "kind"),
        ("/api/v1/agreements/?summit=atlantis", "summit"),
        ("/api/v1/agreements/?role=host", "role"),
        ("/api/v1/mechanisms/?level=galactic", "level"),
        ("/api/v1/mechanisms/?kind=club", "kind"),
        ("/api/v1/mechanisms/?parent=atlantis", "parent"),
        ("/api/v1/mechanisms/?initiator=atlantis", "initiator"),
        ("/api/v1/agreements/?date_before=2025-00", "date_before"),
        ("/api/v1/agreements/?year=-1", "year"),
        ("/api/v1/agreements/?mechanism=atlantis", "mechanism"),
        ("/api/v1/agreements/?actor=atlantis", "actor"),
        ("/api/v1/agreements/?topic=atlantis", "topic"),
        ("/api/v1/agreements/?ordering=colour", "ordering"),
        ("/api/v1/mechanisms/?actor=atlantis", "actor"),
        ("/api/v1/mechanisms/?role=king", "role"),
        ("/api/v1/mechanisms/?topic=atlantis", "topic"),
        ("/api/v1/mechanisms/?date_after=2025-1", "date_after"),
        ("/api/v1/mechanisms/?year=10000", "year"),
        ("/api/v1/mechanisms/?ordering=colour", "ordering"),
        ("/api/v1/actors/?kind=alien", "kind"),
        ("/api/v1/actors/?mechanism=atlantis", "mechanism"),
        ("/api/v1/actors/?ordering=colour", "ordering"),
        ("/api/v1/sources/?year=soon", "year"),
        ("/api/v1/sources/?date_before=0000", "date_before"),
        ("/api/v1/sources/?ordering=colour", "ordering"),
        ("/api/v1/actors/?represents=atlantis", "represents"),
        ("/api/v1/sources/?date_after=20/12/2025", "date_after"),
        ("/api/v1/topics/?ordering=size", "ordering"),
        ("/api/v1/summits/?page=first", "page"),
        ("/api/v1/summits/?page=0", "page"),
        ("/api/v1/summits/?page_size=0", "page_size"),
        ("/api/v1/summits/?page_size=101", "page_size"),
        ("/api/v1/summits/?page_size=ten", "page_size"),
    ],
)
def test_a_malformed_value_is_a_400_naming_the_parameter(data, url, parameter):
    assert parameter in error(url)


def test_an_unknown_slug_says_which_slug(data):
    assert error("/api/v1/summits/?actor=atlantis") == {"actor": ["No actor with slug 'atlantis'."]}
    nul = "The query parameter 'actor' holds a NUL character (%00), which no value may contain."
    assert error("/api/v1/summits/?actor=ja%00pan") == {"actor": [nul]}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/summits/?yaer=2025",
        "/api/v1/agreements/?party=japan",
        "/api/v1/mechanisms/?asof=2025-01-01",
        "/api/v1/actors/?country=japan",
        "/api/v1/topics/?q=energy",
        "/api/v1/sources/?published=2025",
        "/api/v1/timeline/?kind=summit",
        "/api/v1/summits/tokyo/?year=2025",
        "/api/v1/mechanisms/ca-jad/members/?as_of=2025-01-01&year=2025",
    ],
)
def test_an_unknown_query_parameter_is_a_400_naming_it(data, url):
    unknown = url.split("?")[1].split("&")[-1].split("=")[0]
    assert unknown in error(url)


# paging


def test_page_size_and_page_walk_through_every_record_once(data):
    first = get("/api/v1/summits/?page_size=3").json()
    assert first["count"] == 4 and len(first["results"]) == 3
    second = get(first["next"].replace("http://testserver", "")).json()
    assert [row["slug"] for row in first["results"] + second["results"]] == ["xian", "astana", "tokyo", "undated"]
    assert second["next"] is None


def test_a_page_past_the_end_is_404(data):
    assert anonymous().get("/api/v1/summits/?page=99").status_code == 404


def test_the_largest_page_size_is_accepted(data):
    assert len(get("/api/v1/summits/?page_size=100").json()["results"]) == 4


def test_an_empty_filter_value_means_no_filter(data):
    assert len(slugs(get("/api/v1/summits/?actor=&year="))) == 4


@pytest.mark.parametrize("url", ["/api/v1/summits/?format=json", "/api/v1/summits/tokyo/?format=json"])
def test_the_format_parameter_is_accepted(data, url):
    assert anonymous().get(url).status_code == 200


def test_an_ordering_of_empty_items_is_a_400_not_a_server_error():
    response = anonymous().get("/api/v1/agreements/", {"ordering": ",,,,,,", "role": ""})
    assert response.status_code == 400
    assert "none of them empty" in response.json()["ordering"][0]
