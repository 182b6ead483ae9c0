"""Inputs that once answered 500: each class is a 400 (or 404) naming the problem, on either database."""

import json

import pytest
from django.urls import reverse

from events.search.query import MAX_QUERY_WORDS as MAX_SEARCH_WORDS
from tests import factories as f
from tests.api_helpers import curator_client

pytestmark = pytest.mark.django_db

NOT_ASCII_DIGITS = ["²", "³", "①", "٣", "１"]  # superscript, circled, Arabic-Indic, full-width: str.isdigit() says yes
PAGED = ["/api/v1/summits/", "/api/v1/actors/", "/api/v1/timeline/", "/api/v1/actors/japan/history/"]


@pytest.fixture
def world():
    japan = f.make_actor(slug="japan")
    summit = f.make_summit(slug="tokyo")
    f.make_participation(summit, japan)
    return summit


@pytest.fixture
def browser(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize("parameter", ["page", "page_size"])
@pytest.mark.parametrize("digit", NOT_ASCII_DIGITS)
def test_a_page_number_in_other_digits_is_a_400_naming_the_parameter(browser, world, path, parameter, digit):
    response = browser.get(path, {parameter: digit})
    assert response.status_code == 400
    assert parameter in response.json()


@pytest.mark.parametrize("ordering", ["date,,name", ",", "name,", ",name"])
def test_an_ordering_with_an_empty_item_is_a_400(browser, world, ordering):
    response = browser.get("/api/v1/summits/", {"ordering": ordering})
    assert response.status_code == 400
    assert "none of them empty" in response.json()["ordering"][0]


@pytest.mark.parametrize("path", ["/api/v1/summits/", "/api/v1/actors/", "/api/v1/topics/", "/api/v1/sources/"])
def test_search_input_is_bounded_in_words_and_length(browser, world, path):
    assert browser.get(path, {"search": " ".join(f"w{n}" for n in range(1000))}).status_code == 400
    response = browser.get(path, {"search": " ".join(f"w{n}" for n in range(MAX_SEARCH_WORDS + 1))})
    assert response.status_code == 400
    assert f"at most {MAX_SEARCH_WORDS} words" in response.json()["search"][0]
    assert browser.get(path, {"search": "x" * 201}).status_code == 400
    assert browser.get(path, {"search": " ".join(["tokyo"] * MAX_SEARCH_WORDS)}).status_code == 200


def body_with_surrogate(where: str) -> bytes:
    summit = {"slug": "new", "name": "New", "date": "2025"}
    raw = {
        "slug reference": '"mechanism": "\\ud800"',
        "nested actor": '"participants": [{"actor": "\\ud800"}]',
        "topic": '"topics": ["\\ud800"]',
        "unknown key": '"\\ud800": 1',
        "choice value": '"level": "\\udfff"',
        "text": '"city": "To\\ud800kyo"',
    }[where]
    return (json.dumps(summit)[:-1] + ", " + raw + "}").encode()


@pytest.mark.parametrize("where", ["slug reference", "nested actor", "topic", "unknown key", "choice value", "text"])
def test_a_lone_surrogate_anywhere_in_a_json_body_is_a_400(world, where):
    client = curator_client()
    client.raise_request_exception = False
    response = client.generic("POST", "/api/v1/summits/", body_with_surrogate(where), content_type="application/json")
    assert response.status_code == 400
    assert "lone surrogate" in response.json()["detail"]
    patch = client.generic(
        "PATCH", "/api/v1/summits/tokyo/", body_with_surrogate(where), content_type="application/json"
    )
    assert patch.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/summits/?level=%00",
        "/api/v1/summits/?search=a%00b",
        "/api/v1/summits/?%00=1",
        "/api/v1/summits/tok%00yo/",
        "/summits/tok%00yo/",
    ],
)
def test_a_nul_in_a_query_or_path_is_a_400_naming_it(browser, world, path):
    response = browser.get(path)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/events/summit/?level=%00",
        "/admin/events/summit/?q=%00",
        "/admin/events/summit/?mechanism__id__exact=%00",
        "/admin/autocomplete/?term=%00&app_label=events&model_name=summit&field_name=mechanism",
        "/admin/events/summit/%00/change/",
    ],
)
def test_a_nul_on_staff_admin_urls_is_a_400(admin_client, world, path):
    admin_client.raise_request_exception = False
    response = admin_client.get(path)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize("version", ["abc", "1.5", "²", "-1"])
def test_a_history_address_that_is_not_a_number_is_a_404(admin_client, world, version):
    admin_client.raise_request_exception = False
    assert admin_client.get(f"/admin/events/summit/{world.pk}/history/{version}/").status_code == 404
    assert admin_client.get(f"/admin/events/summit/{version}/history/").status_code == 404
    assert admin_client.get(reverse("admin:events_summit_history", args=[world.pk])).status_code == 200
