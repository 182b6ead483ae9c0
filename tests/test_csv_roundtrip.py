import pytest
from django.core import serializers

from events.importing import import_file
from events.models import (
    Actor,
    Agreement,
    AgreementAction,
    AgreementParty,
    AgreementRelation,
    Citation,
    Identifier,
    Mechanism,
    MechanismLevel,
    MechanismRelation,
    Membership,
    OtherName,
    Participation,
    Source,
    Summit,
    Topic,
)
from events.resources import RESOURCES, export_dataset

MODELS = [
    Topic,
    Source,
    Actor,
    Mechanism,
    MechanismLevel,
    Membership,
    Summit,
    Participation,
    Agreement,
    AgreementParty,
    AgreementAction,
    AgreementRelation,
    MechanismRelation,
    OtherName,
    Identifier,
    Citation,
]
IGNORED = {"created_at", "updated_at"}


def snapshot() -> dict:
    """Every record by natural key, with its fields (related records by natural key)."""
    records = {}
    for model in MODELS:
        data = serializers.serialize(
            "python", model.objects.all(), use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        for instance, item in zip(model.objects.all(), data, strict=True):
            fields = {k: v for k, v in item["fields"].items() if k not in IGNORED}
            records[(model.__name__, instance.natural_key())] = fields
    return records


def export_all(file_format: str) -> dict[str, bytes]:
    files = {}
    for name in RESOURCES:
        dataset = export_dataset(name)
        if len(dataset):
            content = dataset.export(file_format)
            files[name] = content if isinstance(content, bytes) else content.encode("utf-8")
    return files


def import_all(files: dict[str, bytes], file_format: str):
    reports = [import_file(name=name, data=data, file_format=file_format) for name, data in files.items()]
    for report in reports:
        assert report.ok, [str(error) for error in report.errors]
    return reports


def wipe():
    Actor.objects.update(represents=None)  # self-references are PROTECTed
    Mechanism.objects.update(parent=None)
    for model in reversed(MODELS):
        model.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_exporting_the_fixtures_and_importing_into_an_empty_database_reproduces_every_record(file_format, cainfo_data):
    Identifier.objects.create(actor=Actor.objects.get(slug="kazakhstan"), scheme="example", value="kz-1")
    # the fixtures hold no relation between mechanisms: one for the test, so that every file is exported
    MechanismRelation.objects.create(
        mechanism=Mechanism.objects.get(slug="c5-1-critical-minerals-dialogue"),
        kind="succeeds",
        target=Mechanism.objects.get(slug="c5-1"),
    )
    before = snapshot()
    files = export_all(file_format)
    assert set(files) == set(RESOURCES)
    wipe()
    assert not Summit.objects.exists()
    import_all(files, file_format)
    assert snapshot() == before


@pytest.mark.django_db
def test_reimporting_an_unchanged_export_reports_every_row_unchanged_and_writes_nothing(cainfo_data):
    files = export_all("csv")
    history_before = {model: model.history.count() for model in MODELS}
    stamps_before = {model: list(model.objects.values_list("updated_at", flat=True)) for model in MODELS}
    for report in import_all(files, "csv"):
        assert (report.new, report.updated, report.errors) == (0, 0, [])
        assert report.unchanged == report.total > 0
    assert {model: model.history.count() for model in MODELS} == history_before
    assert {model: list(model.objects.values_list("updated_at", flat=True)) for model in MODELS} == stamps_before


@pytest.mark.django_db
def test_export_dataset_takes_a_filtered_queryset_and_has_the_import_columns(cainfo_data):
    dataset = export_dataset("summits", Summit.objects.filter(date__year=2023))
    assert dataset.headers == RESOURCES["summits"]().get_export_headers()
    assert [row["slug"] for row in dataset.dict] == ["china-central-asia-xian-summit-2023"]
    assert dataset.dict[0]["date"] == "2023"
