"""What every record type shares, tested once: a record type is declared by a RecordType, and a
test class `class TestX(RecordTypeCases): record_type = RECORD_TYPES["x"]` gives it the tests
(list, detail, strong ETag and 412, delete and protected delete 409, the permission matrix, CSV,
a fixed number of queries for a detail, its public page's 404 and admin link).

In the manner of NetBox's APIViewTestCases: the shared behaviour lives here, the tests of what
only one record type does stay in their own modules.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Actor, Agreement, Mechanism, Source, Summit, Topic
from events.resources import export_dataset
from tests import factories as f
from tests.api_helpers import anonymous, client_for, detail, make_curator, make_user


@dataclass(frozen=True)
class RecordType:
    endpoint: str
    model: type[Model]
    make: Callable[..., Model]
    #: fields besides slug and name (or title) that make a valid whole record to write
    required: dict = field(default_factory=dict)
    #: the field that names a record
    name_field: str = "name"
    #: makes a record that refers to the given one, so that deleting it is refused; None: nothing can
    protect: Callable[[Model], Model] | None = None
    #: the public page's route name and the word its 404 uses; None: no public page
    page: tuple[str, str] | None = None
    #: the attribute of conftest's `world` holding one of these records (for its page)
    world_record: str | None = None

    def payload(self, slug: str, name: str) -> dict:
        return {"slug": slug, self.name_field: name, **self.required}

    @property
    def list_url(self) -> str:
        return f"/api/v1/{self.endpoint}/"


RECORD_TYPES = {
    record_type.endpoint: record_type
    for record_type in [
        RecordType(
            "actors",
            Actor,
            f.make_actor,
            required={"kind": "state"},
            protect=lambda actor: f.make_summit(host=actor),
            page=("actor-detail", "actor"),
            world_record="japan",
        ),
        RecordType(
            "mechanisms",
            Mechanism,
            f.make_mechanism,
            required={"kind": "dialogue"},
            protect=lambda mechanism: f.make_summit(mechanism=mechanism),
            page=("mechanism-detail", "mechanism"),
            world_record="cajad",
        ),
        RecordType(
            "summits",
            Summit,
            f.make_summit,
            protect=lambda summit: f.make_agreement(summit=summit),
            page=("summit-detail", "summit"),
            world_record="tokyo",
        ),
        RecordType(
            "agreements",
            Agreement,
            f.make_agreement,
            required={"kind": "treaty"},
            page=("agreement-detail", "agreement"),
            world_record="declaration",
        ),
        RecordType("topics", Topic, f.make_topic),
        RecordType(
            "sources",
            Source,
            f.make_source,
            name_field="title",
            protect=lambda source: f.make_citation(source, summit=f.make_summit()),
            page=("source-detail", "source"),
            world_record="analysis",
        ),
    ]
}

#: who tries each action, and the status each action answers them (list, retrieve, create,
#: update, partial update, destroy)
ACTIONS = ("list", "retrieve", "create", "update", "partial_update", "destroy")
PERMISSION_MATRIX = {
    "anonymous": (200, 200, 401, 401, 401, 401),
    "logged in without permission": (200, 200, 403, 403, 403, 403),
    "curator": (200, 200, 201, 200, 200, 204),
    "superuser": (200, 200, 201, 200, 200, 204),
}


def client_of(who: str):
    if who == "anonymous":
        return anonymous()
    if who == "curator":
        return client_for(make_curator())
    return client_for(make_user(is_superuser=who == "superuser"))


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


#: the tests a record type has only when it has what they need
NEEDS = {
    "test_deleting_a_record_another_depends_on_is_409_and_deletes_nothing": "protect",
    "test_an_unknown_slug_is_a_helpful_404_page": "page",
    "test_staff_see_an_edit_in_admin_link": "world_record",
}


@pytest.mark.django_db
class RecordTypeCases:
    record_type: RecordType

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for test, needed in NEEDS.items():
            if getattr(cls.record_type, needed) is None:
                setattr(cls, test, None)  # not collected: this record type has no such thing

    def make(self, **fields) -> Model:
        return self.record_type.make(**fields)

    def url(self, slug: str) -> str:
        return detail(self.record_type.endpoint, slug)

    # reads

    def test_the_list_shows_every_record_with_a_count(self):
        made = sorted(self.make().slug for _ in range(3))
        body = anonymous().get(self.record_type.list_url).json()
        assert body["count"] == 3
        assert sorted(row["slug"] for row in body["results"]) == made

    def test_a_detail_is_the_record_by_its_slug(self):
        record = self.make(slug="the-one")
        response = anonymous().get(self.url("the-one"))
        assert response.status_code == 200
        body = response.json()
        assert body["slug"] == "the-one"
        assert body[self.record_type.name_field] == getattr(record, self.record_type.name_field)

    def test_an_unknown_slug_is_a_404(self):
        assert anonymous().get(self.url("no-such-thing")).status_code == 404

    def test_every_detail_response_carries_a_strong_etag(self):
        record = self.make()
        etag = anonymous().get(self.url(record.slug))["ETag"]
        assert etag.startswith('"') and etag.endswith('"')

    def test_a_detail_runs_the_same_queries_however_many_records_there_are(self):
        record = self.make()
        with CaptureQueriesContext(connection) as one:
            assert anonymous().get(self.url(record.slug)).status_code == 200
        for _ in range(5):
            self.make()
        with CaptureQueriesContext(connection) as six:
            assert anonymous().get(self.url(record.slug)).status_code == 200
        assert len(six) == len(one)

    # writes

    @pytest.mark.parametrize("method", ["put", "patch", "delete"])
    def test_a_stale_if_match_is_412_and_nothing_is_written(self, method):
        record = self.make(slug="r")
        client = client_for(make_curator())
        stale = anonymous().get(self.url("r"))["ETag"]
        assert client.patch(self.url("r"), {self.record_type.name_field: "Someone else's"}).status_code == 200
        response = getattr(client, method)(self.url("r"), self.record_type.payload("r", "Mine"), HTTP_IF_MATCH=stale)
        assert response.status_code == 412
        record.refresh_from_db()
        assert getattr(record, self.record_type.name_field) == "Someone else's"

    def test_a_record_nothing_depends_on_is_deleted(self):
        self.make(slug="r")
        assert client_for(make_curator()).delete(self.url("r")).status_code == 204
        assert not self.record_type.model.objects.filter(slug="r").exists()

    def test_deleting_a_record_another_depends_on_is_409_and_deletes_nothing(self):
        record = self.make(slug="r")
        self.record_type.protect(record)
        response = client_for(make_curator()).delete(self.url("r"))
        assert response.status_code == 409
        assert response.json()["dependants"]
        assert self.record_type.model.objects.filter(slug="r").exists()

    @pytest.mark.parametrize("who", PERMISSION_MATRIX)
    def test_permission_matrix(self, who):
        self.make(slug="r")
        client, endpoint = client_of(who), self.record_type
        statuses = {
            "list": client.get(endpoint.list_url).status_code,
            "retrieve": client.get(self.url("r")).status_code,
            "create": client.post(endpoint.list_url, endpoint.payload("new", "New")).status_code,
            "update": client.put(self.url("r"), endpoint.payload("r", "Updated")).status_code,
            "partial_update": client.patch(self.url("r"), {}).status_code,
            "destroy": client.delete(self.url("r")).status_code,
        }
        assert statuses == dict(zip(ACTIONS, PERMISSION_MATRIX[who], strict=True))

    # CSV

    def test_format_csv_returns_every_row_in_the_csv_files_columns(self, client, cainfo_data):
        endpoint = self.record_type.endpoint
        rows = read_csv(client.get(self.record_type.list_url, {"format": "csv", "page_size": 1}))
        expected = list(csv.reader(io.StringIO(export_dataset(endpoint).csv)))
        assert len(expected) > 1
        assert rows[0] == expected[0]
        assert sorted(rows[1:]) == sorted(expected[1:])

    # the public page

    def test_an_unknown_slug_is_a_helpful_404_page(self, client):
        route, label = self.record_type.page
        response = client.get(reverse(f"events:{route}", args=["no-such-thing"]))
        assert response.status_code == 404
        html = response.content.decode()
        assert f"There is no {label} with the identifier “no-such-thing”." in html
        assert '<form class="search-inline" action="/"' in html
        assert '<a href="/">Timeline of summits and agreements</a>' in html

    def test_staff_see_an_edit_in_admin_link(self, client, world, django_user_model):
        obj = getattr(world, self.record_type.world_record)
        client.force_login(django_user_model.objects.create_user("curator", is_staff=True))
        response = client.get(obj.get_absolute_url())
        assert response.status_code == 200
        change_url = f"/admin/events/{obj._meta.model_name}/{obj.pk}/change/"
        assert f'<a href="{change_url}">Edit this {obj._meta.verbose_name} in admin</a>' in response.content.decode()
