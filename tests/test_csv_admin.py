import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Summit
from events.resources import export_dataset

pytestmark = pytest.mark.usefixtures("cainfo_data")

CSV, XLSX, JSON = "0", "1", "2"


def upload(text: str | bytes, name: str = "summits.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, content_type="text/csv")


def tokyo_csv(city: str) -> str:
    text = export_dataset("summits", Summit.objects.filter(slug="ca-jad-tokyo-summit-2025")).csv
    assert ",Tokyo," in text
    return text.replace(",Tokyo,", f",{city},")


def preview(client, text, file_format=CSV, name="summits.csv"):
    return client.post(
        reverse("admin:events_summit_import"),
        {"import_file": upload(text, name), "format": file_format, "resource": "0"},
    )


@pytest.mark.parametrize(
    "model_name",
    [
        "actor",
        "agreement",
        "agreementparty",
        "citation",
        "mechanism",
        "mechanismlevel",
        "membership",
        "participation",
        "source",
        "summit",
        "topic",
    ],
)
def test_every_changelist_has_import_and_export_buttons(admin_client, model_name):
    page = admin_client.get(reverse(f"admin:events_{model_name}_changelist")).content.decode()
    assert reverse(f"admin:events_{model_name}_import") in page
    assert reverse(f"admin:events_{model_name}_export") in page
    assert admin_client.get(reverse(f"admin:events_{model_name}_import")).status_code == 200


def test_import_previews_changes_then_writes_only_on_confirmation(admin_client):
    response = preview(admin_client, tokyo_csv("Tōkyō"))
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["update"]
    assert "ō" in "".join(result.rows[0].diff)
    assert Summit.objects.get(slug="ca-jad-tokyo-summit-2025").city == "Tokyo"

    confirm = response.context["confirm_form"]
    response = admin_client.post(reverse("admin:events_summit_process_import"), confirm.initial)
    assert response.status_code == 302
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    assert tokyo.city == "Tōkyō"
    assert tokyo.history.latest().history_change_reason == "Imported from summits.csv"
    assert LogEntry.objects.filter(object_id=str(tokyo.pk)).exists()


def test_a_preview_with_bad_rows_shows_every_error_and_offers_no_confirmation(admin_client):
    text = "slug,name,date,mechanism\nx,X,20/12/2025,ca-jad\ny,Y,2025-04,nowhere\n"
    response = preview(admin_client, text)
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "20/12/2025" in page and "nowhere" in page
    assert not Summit.objects.filter(slug__in=["x", "y"]).exists()


def test_an_upload_in_another_encoding_is_refused_naming_the_encoding(admin_client):
    response = preview(admin_client, tokyo_csv("Türkiye").encode("cp1252"))
    errors = response.context["form"].errors["import_file"]
    assert "not UTF-8" in errors[0] and "Windows-1252" in errors[0]


def test_an_oversized_upload_is_refused_with_the_limit(admin_client, settings):
    settings.CSV_IMPORT_MAX_BYTES = 1024 * 1024
    response = preview(admin_client, "slug,name\n" + "x,y\n" * 300_000)
    errors = response.context["form"].errors["import_file"]
    assert "up to 1.0 MB" in errors[0]


def test_a_header_only_upload_is_refused(admin_client):
    response = preview(admin_client, "slug,name\n")
    assert "no data rows" in response.context["form"].errors["import_file"][0]


def test_a_user_without_the_add_permission_cannot_import(client):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["change_summit", "view_summit"]))
    client.force_login(user)
    assert client.get(reverse("admin:events_summit_import")).status_code == 403
    assert client.get(reverse("admin:events_summit_export")).status_code == 200


def test_export_respects_the_changelist_filters_and_writes_csv_with_a_byte_order_mark(admin_client):
    url = (
        reverse("admin:events_summit_export")
        + "?mechanism__id__exact="
        + str(Summit.objects.get(slug="ca-jad-tokyo-summit-2025").mechanism_id)
    )
    response = admin_client.post(url, {"format": CSV, "resource": "0"})
    assert response.status_code == 200
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeffslug,name,mechanism,date,")
    assert "ca-jad-tokyo-summit-2025" in content
    assert "eu-central-asia-samarkand-summit-2025" not in content


def test_an_admin_xlsx_export_imports_back_unchanged(admin_client):
    response = admin_client.post(reverse("admin:events_summit_export"), {"format": XLSX, "resource": "0"})
    response = preview(admin_client, response.content, file_format=XLSX, name="summits.xlsx")
    assert {row.import_type for row in response.context["result"].rows} == {"skip"}


def test_a_preview_names_unknown_and_missing_columns(admin_client):
    response = preview(admin_client, "slug,colour\nx,red\n")
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "colour: unknown column" in page and "name: required column is missing" in page


def test_a_large_files_preview_runs_in_bulk_and_still_names_a_bad_row(admin_client, monkeypatch):
    from events import csv_admin

    monkeypatch.setattr(csv_admin, "PREVIEW_DIFF_ROWS", 20)  # "large" as the admin sees it; 1,000 took 3 s
    rows = csv_admin.PREVIEW_DIFF_ROWS + 10
    text = "slug,name\n" + "".join(f"bulk-{n},Bulk {n}\n" for n in range(rows))
    response = admin_client.post(
        reverse("admin:events_topic_import"),
        {"import_file": upload(text, "topics.csv"), "format": CSV, "resource": "0"},
    )
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == rows
    assert not any(row.diff for row in result.rows)  # in bulk: no row's changes compared
    assert "confirm_form" in response.context
    bad = text + "bad slug!,Bad\n"
    response = admin_client.post(
        reverse("admin:events_topic_import"),
        {"import_file": upload(bad, "topics.csv"), "format": CSV, "resource": "0"},
    )
    assert "confirm_form" not in response.context
    assert "bad slug!" in response.content.decode()
