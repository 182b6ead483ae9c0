import io

import pytest
import yaml
from django.core.management import call_command

from events.filters import (
    ActorFilterSet,
    AgreementFilterSet,
    MechanismFilterSet,
    SourceFilterSet,
    SummitFilterSet,
    TimelineFilterSet,
    TopicFilterSet,
)
from tests.api_helpers import anonymous

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def parameters(schema, path):
    return {parameter["name"]: parameter for parameter in schema["paths"][path]["get"]["parameters"]}


def test_the_schema_generates_and_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")


@pytest.mark.parametrize(
    ("path", "filterset"),
    [
        ("/api/v1/actors/", ActorFilterSet),
        ("/api/v1/mechanisms/", MechanismFilterSet),
        ("/api/v1/summits/", SummitFilterSet),
        ("/api/v1/agreements/", AgreementFilterSet),
        ("/api/v1/topics/", TopicFilterSet),
        ("/api/v1/sources/", SourceFilterSet),
        ("/api/v1/timeline/", TimelineFilterSet),
    ],
)
def test_every_filter_and_paging_parameter_is_in_the_schema(schema, path, filterset):
    shared = set() if path.endswith("/timeline/") else {"fields", "brief", "modified_since"}
    if path.removeprefix("/api/v1/").strip("/") in ("actors", "mechanisms", "summits", "agreements"):
        shared.add("as_of")  # their time-bounded rows as of a day (tests/test_asof_records.py)
    assert set(parameters(schema, path)) == set(filterset.base_filters) | {"page", "page_size"} | shared


def test_choice_filters_list_their_values(schema):
    summit = parameters(schema, "/api/v1/summits/")
    assert summit["role"]["schema"]["enum"] == ["guest", "host", "observer", "participant"]
    assert "heads_of_state" in summit["level"]["schema"]["items"]["enum"]
    assert "-date" in summit["ordering"]["schema"]["items"]["enum"]
    assert summit["year"]["schema"]["type"] == "integer"
    assert summit["date_after"]["schema"]["pattern"]


def test_model_enums_are_components(schema):
    components = schema["components"]["schemas"]
    for name in [
        "ActorKindEnum",
        "MechanismKindEnum",
        "AgreementKindEnum",
        "MembershipRoleEnum",
        "ParticipationRoleEnum",
        "PartyRoleEnum",
        "LevelEnum",
        "DatePrecisionEnum",
    ]:
        assert components[name]["enum"], name


def test_related_records_are_slugs_in_requests_and_summaries_in_responses(schema):
    components = schema["components"]["schemas"]
    assert components["SummitRequest"]["properties"]["mechanism"]["type"] == "string"
    assert components["Summit"]["properties"]["mechanism"]["allOf"][0]["$ref"].endswith("/RecordSummary")


def test_members_documents_its_as_of_parameter(schema):
    members = parameters(schema, "/api/v1/mechanisms/{slug}/members/")
    assert members["as_of"]["required"] is True


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_interactive_docs_load_their_assets_locally(path):
    response = anonymous().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar" in html
    assert "cdn.jsdelivr.net" not in html


def test_the_schema_is_served():
    response = anonymous().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
