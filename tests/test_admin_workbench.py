import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from events.forms import VersionedForm
from events.models import Actor, Agreement, Mechanism, Participation, Summit
from events.permissions import CURATORS, ensure_curators_group
from tests.test_admin import change_form_data

pytestmark = pytest.mark.usefixtures("cainfo_data")


@pytest.fixture
def curator(db):
    user = User.objects.create_user("curator", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


def test_curators_hold_nothing_on_the_history_tables_or_the_data_version(curator):
    codenames = set(Group.objects.get(name=CURATORS).permissions.values_list("codename", flat=True))
    assert not [name for name in codenames if "historical" in name or name.endswith("_dataversion")]
    assert {"add_summit", "change_summit", "view_summit", "delete_participation", "delete_citation"} <= codenames
    assert "delete_summit" not in codenames


def test_a_grant_made_by_hand_to_the_group_is_taken_away_by_the_next_migrate(db):
    group = Group.objects.get(name=CURATORS)
    group.permissions.add(Permission.objects.get(codename="change_dataversion"))
    ensure_curators_group()
    assert not group.permissions.filter(codename="change_dataversion").exists()


def test_a_curator_removes_a_wrong_participant_in_the_summit_inline(client, curator):
    client.force_login(curator)
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    url = reverse("admin:events_summit_change", args=[tokyo.pk])
    page = client.get(url)
    assert 'name="participations-0-DELETE"' in page.content.decode()
    data = change_form_data(page)
    removed = Participation.objects.get(pk=data["participations-0-id"])
    data["participations-0-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not Participation.objects.filter(pk=removed.pk).exists()


def test_a_saved_slug_is_read_only_in_the_admin_and_a_posted_one_is_ignored(client, curator):
    client.force_login(curator)
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    url = reverse("admin:events_summit_change", args=[tokyo.pk])
    page = client.get(url)
    assert "slug" not in page.context["adminform"].form.fields
    assert "ca-jad-tokyo-summit-2025" in page.content.decode()
    data = change_form_data(page)
    data["slug"] = "renamed"
    assert client.post(url, data).status_code == 302
    tokyo.refresh_from_db()
    assert tokyo.slug == "ca-jad-tokyo-summit-2025"


def test_a_new_record_takes_its_slug_from_the_add_form(client, curator):
    client.force_login(curator)
    page = client.get(reverse("admin:events_topic_add"))
    assert "slug" in page.context["adminform"].form.fields
    assert page.context["adminform"].prepopulated_fields


def test_a_conflict_with_yourself_in_another_tab_says_so_and_offers_a_reload(client, curator):
    client.force_login(curator)
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    url = reverse("admin:events_summit_change", args=[tokyo.pk])
    first_tab, second_tab = change_form_data(client.get(url)), change_form_data(client.get(url))
    first_tab["outcome"] = "From the first tab."
    assert client.post(url, first_tab).status_code == 302
    second_tab["outcome"] = "From the second tab."
    response = client.post(url, second_tab)
    message = response.context["adminform"].form.non_field_errors()[0]
    assert message.startswith("You saved this record in another tab or window ")
    assert "Someone else" not in message
    assert f'<a href="{url}">Reload this record</a>' in response.content.decode()
    tokyo.refresh_from_db()
    assert tokyo.outcome == "From the first tab."


def test_the_favicon_is_served_as_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_make_run_serves_on_the_port_it_is_given():
    import subprocess

    from django.conf import settings

    commands = subprocess.run(
        ["make", "-n", "run", "PORT=8001"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    assert "runserver 127.0.0.1:8001" in commands


def test_the_admin_export_picks_csv_unless_told_otherwise(client, curator):
    client.force_login(curator)
    form = client.get(reverse("admin:events_summit_export")).context["form"]
    choices = dict(form.fields["format"].choices)
    assert choices[form["format"].value()] == "csv"


def test_the_admin_preview_and_import_csv_give_a_bad_row_the_same_spreadsheet_number(client, curator, tmp_path):
    from io import StringIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import CommandError, call_command

    text = "slug,name,date,mechanism\nx,X,2025-04,ca-jad\ny,Y,20/12/2025,ca-jad\n"
    client.force_login(curator)
    response = client.post(
        reverse("admin:events_summit_import"),
        {"import_file": SimpleUploadedFile("summits.csv", text.encode()), "format": "0", "resource": "0"},
    )
    page = response.content.decode()
    path = tmp_path / "summits.csv"
    path.write_text(text)
    output = StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", "summits", str(path), stdout=output)
    reported = [line.strip() for line in output.getvalue().splitlines() if line.strip().startswith("row ")]
    assert reported and all(line.startswith("row 3") for line in reported)
    assert "<td>3</td>" in page and "<td>2</td>" not in page
    reason = reported[0].split(": ", 1)[1].replace("'", "&#x27;")
    assert f"<li><strong>date</strong>: {reason}</li>" in page


def test_a_word_diff_marks_removed_and_added_words_and_keeps_the_whole_text():
    from events.diffs import word_diff_html

    old = "First leaders' summit in Tokyo. " + "Long text " * 40 + "ends here."
    new = "First leaders' summit in Tōkyō. " + "Long text " * 40 + "ends <here>."
    html = word_diff_html(old, new)
    assert '<del class="diff-removed">Tokyo.</del><ins class="diff-added">Tōkyō.</ins>' in html
    assert '<del class="diff-removed">here.</del><ins class="diff-added">&lt;here&gt;.</ins>' in html
    assert "chars]" not in html and html.count("Long text") == 40
    assert "style=" not in html


def test_the_history_page_lists_inline_changes_and_labels_entries_by_their_change_reason(client, curator):
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    tokyo._change_reason = "seeded from fixtures cainfo.json"
    tokyo.save()
    client.force_login(curator)
    url = reverse("admin:events_summit_change", args=[tokyo.pk])
    data = change_form_data(client.get(url))
    removed = Participation.objects.get(pk=data["participations-0-id"])
    data["participations-0-DELETE"] = "on"
    data["outcome"] = tokyo.outcome + " One more sentence for the history."
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("admin:events_summit_history", args=[tokyo.pk])).content.decode()
    assert "Participation removed" in page and str(removed) in page
    assert '<ins class="diff-added"> One more sentence for the history.</ins>' in page
    assert "seeded from fixtures cainfo.json" in page
    assert ">None<" not in page and "chars]" not in page


@pytest.mark.parametrize(
    "model, slug",
    [(Summit, "ca-jad-tokyo-summit-2025"), (Agreement, "khujand-treaty-2025"), (Mechanism, "ca-jad"), (Actor, "japan")],
)
def test_every_versioned_inline_row_carries_its_version_in_the_page(client, curator, model, slug):
    """A row whose form checks its version must send that version back, or saving the page fails
    as if someone else had saved the row."""
    client.force_login(curator)
    record = model.objects.get(slug=slug)
    page = client.get(reverse(f"admin:events_{model._meta.model_name}_change", args=[record.pk]))
    html = page.content.decode()
    versioned = [
        form
        for inline in page.context["inline_admin_formsets"]
        for form in inline.formset.initial_forms
        if isinstance(form, VersionedForm)
    ]
    assert versioned, "the record has rows in versioned inlines"
    missing = [form.prefix for form in versioned if f'name="{form.add_prefix("loaded_version")}"' not in html]
    assert missing == []
