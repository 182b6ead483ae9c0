import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.importing import import_file
from events.models import Identifier, OtherName
from events.resources import export_dataset
from tests import factories as f
from tests.api_helpers import anonymous, curator_client, detail, slugs
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = type("World", (), {})()
    w.kazakhstan = f.make_actor(slug="kazakhstan", name="Kazakhstan", iso3="KAZ")
    w.japan = f.make_actor(slug="japan", name="Japan", iso3="JPN")
    w.cajad = f.make_mechanism(slug="ca-jad", name="Central Asia plus Japan Dialogue")
    return w


def test_other_name_and_identifier_give_their_claim_keys(world):
    name = OtherName.objects.create(actor=world.kazakhstan, name="Nur-Sultan", kind="former_name")
    identifier = Identifier.objects.create(actor=world.kazakhstan, scheme="wikidata", value="Q232")
    assert name.claim_key() == "other_name:Nur-Sultan"
    assert identifier.claim_key() == "identifier:wikidata:Q232"
    assert (name.record_type, name.record) == ("actor", world.kazakhstan)


def test_an_identifier_is_unique_within_its_scheme(world):
    Identifier.objects.create(actor=world.kazakhstan, scheme="wikidata", value="Q232")
    Identifier.objects.create(actor=world.japan, scheme="geonames", value="Q232")  # another scheme: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Identifier.objects.create(mechanism=world.cajad, scheme="wikidata", value="Q232")


def test_an_identifier_belongs_to_exactly_one_record(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Identifier.objects.create(scheme="wikidata", value="Q1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Identifier.objects.create(actor=world.japan, mechanism=world.cajad, scheme="wikidata", value="Q2")


@pytest.mark.parametrize(
    ("scheme", "value", "message"),
    [
        ("wikidata", "232", "QID"),
        ("iso3166-1-alpha-3", "KAZ", "iso3 field"),
        ("Wiki Data", "Q1", "lower-case scheme"),
    ],
)
def test_bad_identifiers_are_refused_with_a_reason(world, scheme, value, message):
    with pytest.raises(ValidationError, match=message):
        Identifier(actor=world.japan, scheme=scheme, value=value).full_clean()


def test_an_other_name_cannot_go_out_of_use_before_it_comes_into_use(world):
    name = OtherName(
        actor=world.kazakhstan,
        name="Nur-Sultan",
        kind="former_name",
        start=datetime.date(2022, 1, 1),
        start_precision="year",
        end=datetime.date(2019, 1, 1),
        end_precision="year",
    )
    with pytest.raises(ValidationError, match="out of use before"):
        name.full_clean()


def test_api_writes_and_reads_other_names_and_identifiers_nested_in_the_record(world):
    client = curator_client()
    response = client.patch(
        detail("actors", "kazakhstan"),
        {
            "other_names": [
                {"name": "Nur-Sultan", "kind": "former_name", "language": "kk", "start": "2019", "end": "2022"}
            ],
            "identifiers": [{"scheme": "wikidata", "value": "Q232"}],
        },
        HTTP_IF_MATCH=anonymous().get(detail("actors", "kazakhstan"))["ETag"],
    )
    assert response.status_code == 200, response.json()
    body = anonymous().get(detail("actors", "kazakhstan")).json()
    assert body["other_names"] == [
        {
            "name": "Nur-Sultan",
            "kind": "former_name",
            "language": "kk",
            "start": "2019",
            "start_precision": "year",
            "end": "2022",
            "end_precision": "year",
            "note": "",
        }
    ]
    assert body["identifiers"] == [{"scheme": "wikidata", "value": "Q232"}]


def test_api_refuses_an_identifier_another_record_has(world):
    Identifier.objects.create(mechanism=world.cajad, scheme="wikidata", value="Q232")
    response = curator_client().patch(
        detail("actors", "kazakhstan"),
        {"identifiers": [{"scheme": "wikidata", "value": "Q232"}]},
        HTTP_IF_MATCH=anonymous().get(detail("actors", "kazakhstan"))["ETag"],
    )
    assert response.status_code == 400
    assert "already has this identifier" in str(response.json())


def test_summits_list_shows_other_names_like_the_detail(world):
    summit = f.make_summit(slug="tokyo", name="CA+JAD Tokyo Summit")
    OtherName.objects.create(summit=summit, name="Tokyo summit", kind="short_name", language="en")
    Identifier.objects.create(summit=summit, scheme="local", value="s-1")
    listed = anonymous().get("/api/v1/summits/").json()["results"][0]
    alone = anonymous().get(detail("summits", "tokyo")).json()
    assert listed["other_names"] == alone["other_names"] != []
    assert listed["identifiers"] == alone["identifiers"] == [{"scheme": "local", "value": "s-1"}]


def test_identifier_filter_finds_records_by_scheme_and_value(world):
    Identifier.objects.create(actor=world.kazakhstan, scheme="wikidata", value="Q232")
    Identifier.objects.create(mechanism=world.cajad, scheme="wikidata", value="Q99")
    assert slugs(anonymous().get("/api/v1/actors/?identifier=wikidata:Q232")) == ["kazakhstan"]
    assert slugs(anonymous().get("/api/v1/mechanisms/?identifier=wikidata:Q99")) == ["ca-jad"]
    assert slugs(anonymous().get("/api/v1/actors/?identifier=iso3166-1-alpha-3:JPN")) == ["japan"]
    assert slugs(anonymous().get("/api/v1/mechanisms/?identifier=iso3166-1-alpha-3:JPN")) == []
    response = anonymous().get("/api/v1/actors/?identifier=Q232")
    assert response.status_code == 400
    assert "scheme:value" in str(response.json()["identifier"])


def test_other_names_and_identifiers_files_round_trip(world):
    OtherName.objects.create(mechanism=world.cajad, name="CA+JAD", kind="acronym", language="en", note="paragraph 1")
    OtherName.objects.create(
        actor=world.kazakhstan,
        name="Nur-Sultan",
        kind="former_name",
        start=datetime.date(2019, 3, 1),
        start_precision="month",
    )
    Identifier.objects.create(actor=world.kazakhstan, scheme="wikidata", value="Q232")
    names, identifiers = export_dataset("other-names").csv, export_dataset("identifiers").csv
    assert "actor,kazakhstan,Nur-Sultan,former_name,,2019-03" in names
    assert identifiers.splitlines()[1] == "actor,kazakhstan,wikidata,Q232"
    before = sorted(OtherName.objects.values_list("name", "kind", "start", "start_precision", "note"))
    OtherName.objects.all().delete()
    Identifier.objects.all().delete()
    assert import_file(name="other-names", data=names.encode()).ok
    assert import_file(name="identifiers", data=identifiers.encode()).ok
    assert sorted(OtherName.objects.values_list("name", "kind", "start", "start_precision", "note")) == before
    assert Identifier.objects.get().actor == world.kazakhstan
    again = import_file(name="other-names", data=names.encode())
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)


def test_an_other_names_row_naming_an_unknown_record_is_refused_whole(world):
    data = "record_type,record,name,kind\nactor,kazakhstan,Qazaqstan,translation\nactor,atlantis,X,acronym\n"
    report = import_file(name="other-names", data=data.encode())
    assert not report.ok
    assert "atlantis" in str(report.errors)
    assert not OtherName.objects.exists()


def test_admin_saves_other_names_and_identifiers_inline(world, admin_client):
    url = f"/admin/events/actor/{world.kazakhstan.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data.update(
        {
            "other_names-TOTAL_FORMS": "1",
            "other_names-0-name": "Nur-Sultan",
            "other_names-0-kind": "former_name",
            "other_names-0-start": "2019-03",
            "other_names-0-end": "2022-09",
            "identifiers-TOTAL_FORMS": "1",
            "identifiers-0-scheme": "wikidata",
            "identifiers-0-value": "Q232",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    name = world.kazakhstan.other_names.get()
    assert (name.name, name.partial_date("start"), name.partial_date("end")) == ("Nur-Sultan", "2019-03", "2022-09")
    assert str(world.kazakhstan.identifiers.get()) == "wikidata:Q232"


@pytest.mark.parametrize("model_name", ["othername", "identifier"])
def test_the_other_names_and_identifiers_admin_pages_open(world, admin_client, model_name):
    OtherName.objects.create(actor=world.japan, name="Nippon", kind="translation", language="ja")
    Identifier.objects.create(actor=world.japan, scheme="wikidata", value="Q17")
    assert admin_client.get(f"/admin/events/{model_name}/").status_code == 200
    assert admin_client.get(f"/admin/events/{model_name}/?q=Q17").status_code == 200
    assert admin_client.get(f"/admin/events/{model_name}/add/").status_code == 200
