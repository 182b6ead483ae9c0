"""A large file's admin preview and import run as a background job with a progress page."""

import os

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from events import import_jobs
from events.models import ImportJob, Summit

IMPORT = reverse("admin:events_summit_import")


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.IMPORT_BACKGROUND_ROWS = 3


def summits_csv(count: int, bad_row: int | None = None) -> bytes:
    """`count` new summits; the data row at spreadsheet row `bad_row` (the header is row 1) has a bad date."""
    rows = [f"job-summit-{n},Job summit {n},{'soon' if n + 2 == bad_row else '2025-04'}\n" for n in range(count)]
    return ("slug,name,date\n" + "".join(rows)).encode()


def upload(client, data: bytes, name="summits.csv"):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(IMPORT, {"import_file": file, "format": "0", "resource": "0"})


def job_page(client, job):
    return client.get(reverse("admin:events_summit_import_job", args=[job.pk]))


def confirm(client, job):
    return client.post(reverse("admin:events_summit_import_job_confirm", args=[job.pk]))


def uploads() -> set[str]:
    return set(os.listdir(settings.IMPORT_UPLOAD_ROOT)) if settings.IMPORT_UPLOAD_ROOT.exists() else set()


def test_the_request_only_queues_the_job_which_then_previews_and_imports(admin_client, admin_user):
    before = uploads()
    response = upload(admin_client, summits_csv(5))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_summit_import_job", args=[job.pk])
    # the request did no importing: the job waits for its thread (started on commit, which this test never reaches)
    assert (job.user, job.status, job.step, job.total) == (admin_user, "queued", "preview", 5)
    assert job.file_name == "summits.csv"
    assert not import_jobs.THREADS[job.pk].is_alive() and not Summit.objects.exists()
    assert uploads() - before == {job.upload}
    waiting = job_page(admin_client, job).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in waiting and "0 of 5 rows" in waiting

    import_jobs.run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.new, job.error_count) == ("previewed", 5, 5, 0)
    assert not Summit.objects.exists()
    page = job_page(admin_client, job).content.decode()
    assert "5 rows: 5 new, 0 updated, 0 unchanged, 0 errors." in page and "Confirm import" in page
    assert 'http-equiv="refresh"' not in page

    assert confirm(admin_client, job).status_code == 302
    job.refresh_from_db()
    assert (job.step, job.status) == ("import", "queued") and not Summit.objects.exists()
    import_jobs.run(job.pk)
    assert Summit.objects.filter(slug__startswith="job-summit-").count() == 5
    assert "Imported: the rows are written." in job_page(admin_client, job).content.decode()
    assert job.upload not in uploads()
    assert confirm(admin_client, job).status_code == 302  # a second confirmation imports nothing again
    job.refresh_from_db()
    assert job.status == "done"


def test_a_small_file_is_still_previewed_in_the_request(admin_client):
    response = upload(admin_client, summits_csv(3))
    assert response.status_code == 200 and "confirm_form" in response.context
    assert not ImportJob.objects.exists()


def test_a_bad_row_writes_nothing_and_the_page_shows_the_spreadsheet_row(admin_client):
    upload(admin_client, summits_csv(6, bad_row=5))
    job = ImportJob.objects.get()
    import_jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error_count == 1 and job.errors[0][:3] == [5, "date", "soon"]
    page = job_page(admin_client, job).content.decode()
    assert "Nothing was written" in page and "<td>5</td><td>date</td><td>soon</td>" in page
    assert "Confirm import" not in page
    assert confirm(admin_client, job).status_code == 302
    job.refresh_from_db()
    assert job.status == "failed" and not Summit.objects.exists()
    assert job.upload not in uploads()


def test_another_user_can_neither_see_nor_confirm_the_job(admin_client):
    upload(admin_client, summits_csv(5))
    job = ImportJob.objects.get()
    import_jobs.run(job.pk)
    other = Client()
    other.force_login(User.objects.create_superuser("other-admin", password="pw"))
    assert job_page(other, job).status_code == 404
    assert confirm(other, job).status_code == 404
    job.refresh_from_db()
    assert job.status == "previewed" and not Summit.objects.exists()
    assert confirm(admin_client, job).status_code == 302
    job.refresh_from_db()
    assert job.status == "queued"


def test_a_job_that_stopped_writing_its_state_is_shown_as_interrupted(admin_client):
    upload(admin_client, summits_csv(5))
    job = ImportJob.objects.get()
    import_jobs.THREADS.pop(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", touched_at=job.touched_at - import_jobs.STALE_AFTER - import_jobs.STALE_AFTER
    )
    page = job_page(admin_client, job).content.decode()
    assert "The job stopped before it ended" in page and 'http-equiv="refresh"' not in page


@pytest.mark.django_db(transaction=True)
def test_the_job_runs_in_its_own_thread_on_committed_data():
    User.objects.create_superuser("admin", password="pw")
    client = Client()
    client.login(username="admin", password="pw")
    upload(client, summits_csv(8))
    job = ImportJob.objects.get()
    import_jobs.THREADS[job.pk].join(timeout=60)
    page = job_page(client, job).content.decode()
    assert "8 rows: 8 new, 0 updated, 0 unchanged, 0 errors." in page
    confirm(client, job)
    import_jobs.THREADS[job.pk].join(timeout=60)
    assert Summit.objects.filter(slug__startswith="job-summit-").count() == 8
    assert "Imported" in job_page(client, job).content.decode()


def test_a_file_over_the_byte_bound_is_not_read_in_the_request_and_the_job_reports_its_problems(admin_client, settings):
    settings.IMPORT_BACKGROUND_BYTES = 100
    response = upload(admin_client, summits_csv(2) + b"one,two,three,four\n")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.total == 0
    assert "Reading the file…" in job_page(admin_client, job).content.decode()
    import_jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error_count >= 1
    page = job_page(admin_client, job).content.decode()
    assert "Nothing was written" in page and job.errors[0][3] in page
    assert not Summit.objects.exists() and job.upload not in uploads()


def test_a_preview_whose_upload_expired_is_refused_on_confirmation_and_writes_nothing(admin_client):
    upload(admin_client, summits_csv(5))
    job = ImportJob.objects.get()
    import_jobs.run(job.pk)
    (settings.IMPORT_UPLOAD_ROOT / job.upload).unlink()  # swept after UPLOAD_MAX_AGE
    confirm(admin_client, job)
    import_jobs.run(job.pk)
    page = job_page(admin_client, job).content.decode()
    assert "The upload has expired: upload the file again." in page and "Nothing was written" in page
    assert not Summit.objects.exists()


def test_the_job_page_has_no_inline_script_or_style_for_the_policy_to_block(admin_client):
    upload(admin_client, summits_csv(5, bad_row=3))
    job = ImportJob.objects.get()
    pages = [job_page(admin_client, job).content.decode()]
    import_jobs.run(job.pk)
    pages.append(job_page(admin_client, job).content.decode())
    for page in pages:
        assert "style=" not in page and "onclick=" not in page
        assert all(" src=" in tag for tag in page.split("<script")[1:])


def test_a_nul_in_a_large_file_is_reported_by_the_job(admin_client, settings):
    settings.IMPORT_BACKGROUND_BYTES = 100
    upload(admin_client, summits_csv(200) + b"job-summit-nul,Nul\x00 summit,2025\n")
    job = ImportJob.objects.get()
    import_jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "NUL" in job.errors[0][3]
    assert "NUL character" in job_page(admin_client, job).content.decode()
    assert not Summit.objects.exists()


def test_a_job_state_write_waits_out_a_lock_and_gives_up_on_anything_else():
    from django.db import OperationalError

    from events.import_jobs import _retrying

    attempts = []

    def locked_twice():
        attempts.append(1)
        if len(attempts) < 3:
            raise OperationalError("database table is locked: events_importjob")
        return "written"

    assert _retrying(locked_twice) == "written" and len(attempts) == 3

    def broken():
        attempts.append(1)
        raise OperationalError("no such table: events_importjob")

    attempts.clear()
    with pytest.raises(OperationalError, match="no such table"):
        _retrying(broken)
    assert len(attempts) == 1
