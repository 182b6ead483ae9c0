"""A NUL (\\u0000) in a JSON value — a citation's claims, a record's inferred notes — is refused with
the reason on every write path (PostgreSQL's jsonb cannot store one), never a 500 or a traceback."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from events.importing import import_file
from events.models import Citation, Summit
from tests.api_helpers import curator_client, detail
from tests.test_admin import change_form_data
from tests.test_backup_restore import empty_the_database, snapshot

NUL_INFERRED = [{"host": "From the city\x00."}, {"ho\x00st": "From the city."}]


@pytest.mark.django_db
@pytest.mark.parametrize("inferred", NUL_INFERRED)
def test_the_api_refuses_a_nul_in_inferred_notes_with_a_400(world, inferred):
    client = curator_client()
    body = json.dumps({"slug": "s", "name": "S", "host": "japan", "inferred": inferred})
    response = client.post("/api/v1/summits/", body, content_type="application/json")
    assert response.status_code == 400
    assert "NUL character" in json.dumps(response.json()["inferred"])
    assert not Summit.objects.filter(slug="s").exists()


@pytest.mark.django_db
def test_the_api_refuses_a_nul_in_a_nested_citations_claims_with_a_400(world):
    client = curator_client()
    read = client.get(detail("summits", world.tokyo.slug))
    citations = [{"source": world.analysis.slug, "locator": "footnote 9", "claims": ["da\x00te"]}]
    body = json.dumps({"citations": [*read.json()["citations"], *citations]})
    response = client.patch(
        detail("summits", world.tokyo.slug), body, content_type="application/json", HTTP_IF_MATCH=read["ETag"]
    )
    assert response.status_code == 400
    assert "NUL character" in json.dumps(response.json())
    assert not Citation.objects.filter(locator="footnote 9").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_an_import_refuses_a_nul_in_inferred_notes_and_writes_nothing(file_format):
    row = {"slug": "ankara", "name": "Ankara", "inferred": json.dumps({"name": "From the city\x00."})}
    if file_format == "csv":
        data = ("slug,name,inferred\n" + f'ankara,Ankara,"{row["inferred"].replace(chr(34), chr(34) * 2)}"\n').encode()
        assert b"\x00" not in data  # the file holds the escape \u0000, not the character
    else:
        data = json.dumps([row]).encode()
    report = import_file(name="summits", data=data, file_format=file_format)
    assert not report.ok
    assert [(error.row, error.column) for error in report.errors] == [(2, "inferred")]
    assert "NUL character" in report.errors[0].reason
    assert not Summit.objects.exists()


@pytest.mark.django_db
def test_an_import_refuses_a_nul_in_a_citations_claims_and_writes_nothing(world):
    header = "source,record_type,record,locator,quote,claims"
    rows = [{h: "" for h in header.split(",")}]
    rows[0].update(source=world.analysis.slug, record_type="summit", record=world.tokyo.slug, locator="footnote 9")
    rows[0]["claims"] = "da\x00te"
    report = import_file(name="citations", data=json.dumps(rows).encode(), file_format="json")
    assert not report.ok and "NUL character" in str(report.errors[0])
    assert not Citation.objects.filter(locator="footnote 9").exists()


def test_the_admin_form_refuses_a_nul_in_inferred_notes(admin_client, world):
    url = reverse("admin:events_summit_change", args=[world.tokyo.pk])
    data = change_form_data(admin_client.get(url))
    data["inferred"] = '{"host": "From the city\\u0000."}'
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "NUL character" in str(response.context["adminform"].form.errors["inferred"])
    world.tokyo.refresh_from_db()
    assert "host" not in (world.tokyo.inferred or {})


def test_the_admin_citation_inline_refuses_a_nul_in_claims(admin_client, world):
    url = reverse("admin:events_summit_change", args=[world.tokyo.pk])
    data = change_form_data(admin_client.get(url))
    claims = [name for name in data if name.startswith("citations-") and name.endswith("-claims")]
    data[claims[0]] = "date, da\x00te"  # claims are a text box: the character itself, not an escape
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = [form.errors for inline in response.context["inline_admin_formsets"] for form in inline.formset.forms]
    assert "NUL character" in str(errors)
    assert not [claims for claims in Citation.objects.values_list("claims", flat=True) if "da\x00te" in claims]


@pytest.mark.usefixtures("cainfo_data")
def test_restore_refuses_a_backup_with_a_nul_in_a_json_value_and_restores_nothing(tmp_path):
    call_command("backup_csv", str(tmp_path), stdout=io.StringIO())
    empty_the_database()
    summits = tmp_path / "summits.csv"
    text = summits.read_text(encoding="utf-8-sig")
    assert ',"{""' in text  # some summit has inferred notes to damage
    summits.write_text(text.replace(',"{""', ',"{""x\\u0000"": ""y"", ""', 1), encoding="utf-8-sig")
    with pytest.raises(CommandError, match="summits.csv cannot be restored") as refused:
        call_command("restore_csv", str(tmp_path), stdout=io.StringIO())
    assert "NUL character" in str(refused.value)
    assert all(not rows for rows in snapshot().values())
