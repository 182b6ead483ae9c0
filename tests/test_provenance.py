import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from events.importing import import_file
from events.models import Citation, Source, SourceParagraph, Summit
from events.provenance import record_model, support
from events.resources import export_dataset
from events.source_text import analysis_body, split_paragraphs
from tests.api_helpers import anonymous, client_for, detail, make_curator
from tests.test_admin import change_form_data

pytestmark = pytest.mark.usefixtures("cainfo_data")

SOURCE_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "sources" / "avim-analysis-2026-11.txt"
SHARED_FILE = Path("/work/shared/source/avim-analysis-2026-11.txt")
SAMARKAND = "eu-central-asia-samarkand-summit-2025"


def check() -> tuple[list[str], str | None]:
    out = StringIO()
    try:
        call_command("check_provenance", stdout=out)
    except CommandError as error:
        return out.getvalue().splitlines(), str(error)
    return out.getvalue().splitlines(), None


def paragraph_citation(slug=SAMARKAND) -> Citation:
    return Citation.objects.get(summit__slug=slug, source__slug="avim-analysis-2026-11")


def test_the_fixture_paragraphs_are_the_analysis_text_split_by_the_documented_rule():
    analysis = Source.objects.get(slug="avim-analysis-2026-11")
    stored = list(analysis.paragraphs.values_list("number", "text"))
    expected = split_paragraphs(analysis_body(SOURCE_FILE.read_text(encoding="utf-8")))
    assert stored == list(enumerate(expected, 1))
    assert len(stored) == 9
    assert stored[1][1].count("the regions geostrategic importance") == 1
    if SHARED_FILE.exists():
        assert SOURCE_FILE.read_bytes() == SHARED_FILE.read_bytes()


def test_check_provenance_passes_on_the_fixtures():
    lines, error = check()
    assert error is None, lines
    assert lines == ["Every fact is cited or marked inferred, and every quote is in its paragraph."]


def test_check_provenance_fails_naming_the_record_when_a_citation_is_removed():
    paragraph_citation().delete()
    lines, error = check()
    assert error and "provenance problem" in error
    assert f"summit {SAMARKAND}: date is neither cited nor marked inferred" in lines
    assert f"summit {SAMARKAND}: participant:eu is neither cited nor marked inferred" in lines


def test_check_provenance_reports_a_quote_altered_outside_the_checks():
    Citation.objects.filter(pk=paragraph_citation().pk).update(quote="In May 2025, the EU held its first summit")
    lines, error = check()
    assert error
    assert any(
        line.startswith(f"citation of summit {SAMARKAND} (avim-analysis-2026-11, paragraph 2): The quote is not in")
        for line in lines
    ), lines


def test_check_provenance_reports_an_empty_claim_list_and_an_inferred_claim_without_a_note():
    Citation.objects.filter(pk=paragraph_citation().pk).update(claims=[])
    Summit.objects.filter(slug="ca-jad-tokyo-summit-2025").update(inferred={"host": " "})
    lines, _ = check()
    assert any("A citation must name at least one claim" in line for line in lines)
    assert "summit ca-jad-tokyo-summit-2025: host is neither cited nor marked inferred" in lines


def test_a_quote_that_differs_only_in_white_space_is_accepted():
    citation = paragraph_citation()
    citation.quote = "In April 2025,\n   the EU   held its first summit"
    citation.full_clean()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quote": "In May 2025, the EU held its first summit"}, "The quote is not in paragraph 2"),
        ({"locator": "paragraph 12"}, "has no paragraph 12"),
        ({"locator": "footnote 4"}, 'locate the quote with "paragraph N"'),
        ({"claims": []}, "at least one claim"),
        ({"claims": ["date", "participant:japan"]}, "Unknown claim for this summit: participant:japan"),
        ({"claims": ["weather"]}, "Unknown claim for this summit: weather"),
    ],
)
def test_the_model_refuses_bad_quotes_locators_and_claims_with_a_message(changes, message):
    citation = paragraph_citation()
    for name, value in changes.items():
        setattr(citation, name, value)
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert message in str(error.value)


def test_an_inferred_claim_needs_a_note_and_a_real_claim():
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    tokyo.inferred = {"host": ""}
    with pytest.raises(ValidationError, match="no note for host"):
        tokyo.full_clean()
    tokyo.inferred = {"weather": "Guessed."}
    with pytest.raises(ValidationError, match="not fields or rows of a summit: weather"):
        tokyo.full_clean()
    tokyo.inferred = {"participant:china": "From the C5+C's members."}
    tokyo.full_clean()  # a row claim is checked for its form: the row may be written after the record


def test_support_lists_the_citations_of_each_claim_and_the_inferred_notes():
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    found = support(tokyo)
    assert [c.locator for c in found["date"]["citations"]] == ["paragraph 1"]
    assert found["host"] == {"citations": [], "inferred": tokyo.inferred["host"]}
    assert {c.locator for c in found["outcome"]["citations"]} == {"paragraph 1", "footnote 2"}
    assert "participant:japan" in found


def test_every_citation_in_the_fixtures_states_a_claim_and_the_paragraphs_are_real():
    assert not Citation.objects.filter(claims=[]).exists()
    numbers = set(SourceParagraph.objects.values_list("number", flat=True))
    for locator in Citation.objects.filter(locator__startswith="paragraph").values_list("locator", flat=True):
        assert int(locator.split()[1]) in numbers


def test_the_admin_refuses_a_quote_not_in_its_paragraph(admin_client):
    samarkand = Summit.objects.get(slug=SAMARKAND)
    url = reverse("admin:events_summit_change", args=[samarkand.pk])
    data = change_form_data(admin_client.get(url))
    locator = next(key for key, value in data.items() if key.endswith("-locator") and value == "paragraph 2")
    prefix = locator[: -len("locator")]
    data[prefix + "quote"] = "In May 2025, the EU held its first summit"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "The quote is not in paragraph 2" in response.content.decode()
    assert paragraph_citation().quote.startswith("In April 2025")


def test_the_admin_takes_claims_as_comma_separated_names(admin_client):
    citation = paragraph_citation()
    url = reverse("admin:events_citation_change", args=[citation.pk])
    data = change_form_data(admin_client.get(url))
    assert data["claims"].startswith("name, date, city")
    data["claims"] = "date, city"
    assert admin_client.post(url, data).status_code == 302
    citation.refresh_from_db()
    assert citation.claims == ["date", "city"]


def test_the_summit_page_puts_a_footnote_marker_beside_each_fact_and_shows_the_cited_paragraph(client):
    html = client.get(reverse("events:summit-detail", args=["ca-jad-tokyo-summit-2025"])).content.decode()
    assert 'data-claim="date">[<a href="#citation-2" aria-label="source 2">2</a>]</sup>' in html
    assert 'data-claim="outcome">[<a href="#citation-1" aria-label="source 1">1</a>, <a href="#citation-2"' in html
    assert 'data-claim="host">[<span class="inferred" title="From the city' in html
    assert 'data-claim="participant:japan"' in html
    assert "Paragraph 1</a> of the source" in html
    assert "Supports: name, mechanism, date" in html


def test_the_source_page_shows_its_numbered_paragraphs(client):
    html = client.get(reverse("events:source-detail", args=["avim-analysis-2026-11"])).content.decode()
    assert '<li id="paragraph-9" value="9">As a result, Central Asia' in html


@pytest.mark.parametrize("kind", ["summit", "agreement", "mechanism", "actor"])
def test_the_api_gives_every_record_its_provenance_per_claim_as_the_models_count_it(kind):
    endpoint = {"summit": "summits", "agreement": "agreements", "mechanism": "mechanisms", "actor": "actors"}[kind]
    model = record_model(kind)
    for record in model.objects.all():
        body = anonymous().get(detail(endpoint, record.slug)).json()
        expected = {
            claim: {
                "citations": [{"source": c.source.slug, "locator": c.locator} for c in found["citations"]],
                "inferred": found["inferred"] or None,
            }
            for claim, found in support(record).items()
        }
        assert body["provenance"] == expected, record.slug


def test_the_api_shows_which_citations_support_a_summits_date_and_a_participant():
    body = anonymous().get(detail("summits", "ca-jad-tokyo-summit-2025")).json()
    paragraph_1 = {"source": "avim-analysis-2026-11", "locator": "paragraph 1"}
    assert body["provenance"]["date"] == {"citations": [paragraph_1], "inferred": None}
    assert body["provenance"]["participant:japan"] == {"citations": [paragraph_1], "inferred": None}
    assert body["provenance"]["host"]["inferred"].startswith("From the city")
    assert body["inferred"]["host"] == body["provenance"]["host"]["inferred"]
    lean = anonymous().get("/api/v1/summits/?page_size=100").json()["results"]
    assert next(row for row in lean if row["slug"] == "ca-jad-tokyo-summit-2025")["provenance"] == body["provenance"]


def test_the_api_refuses_a_quote_that_is_not_in_its_paragraph_with_a_message():
    citations = anonymous().get(detail("summits", SAMARKAND)).json()["citations"]
    written = [{**c, "source": c["source"]["slug"]} for c in citations]
    written[0]["quote"] = "In May 2025, the EU held its first summit"
    curator = client_for(make_curator())
    response = curator.patch(detail("summits", SAMARKAND), {"citations": written}, format="json")
    assert response.status_code == 400
    assert "The quote is not in paragraph 2" in response.json()["citations"]["0"]["quote"][0]
    written[0]["quote"], written[0]["claims"] = "", ["participant:china"]
    response = curator.patch(detail("summits", SAMARKAND), {"citations": written}, format="json")
    assert "Unknown claim for this summit: participant:china" in response.json()["citations"]["0"]["claims"][0]
    assert paragraph_citation().quote.startswith("In April 2025")


def test_the_citations_csv_names_the_claims_and_round_trips():
    dataset = export_dataset("citations")
    assert "claims" in dataset.headers
    row = next(r for r in dataset.dict if r["record"] == SAMARKAND and r["locator"] == "paragraph 2")
    assert row["claims"].startswith("name;date;city")
    summits = export_dataset("summits")
    tokyo = next(r for r in summits.dict if r["slug"] == "ca-jad-tokyo-summit-2025")
    assert json.loads(tokyo["inferred"])["host"].startswith("From the city")
    for name, data in (("citations", dataset), ("summits", summits)):
        report = import_file(name=name, data=data.csv.encode(), file_format="csv")
        assert (report.new, report.updated, report.errors) == (0, 0, [])
        assert report.unchanged == report.total > 0


def test_every_fixture_other_name_is_cited_and_an_uncited_one_or_identifier_is_reported():
    from events.models import Mechanism, OtherName

    for other in OtherName.objects.all():
        claim = other.claim_key()
        citations = Citation.objects.filter(**{other.record_type: other.record})
        assert any(claim in citation.claims for citation in citations), claim
    middle = Mechanism.objects.get(slug="middle-corridor")
    middle.other_names.create(name="Trans-Caspian International Transport Route", kind="alternative")
    middle.identifiers.create(scheme="wikidata", value="Q123")
    lines, error = check()
    assert error
    assert (
        "mechanism middle-corridor: other_name:Trans-Caspian International Transport Route is neither cited nor "
        "marked inferred" in lines
    )
    assert "mechanism middle-corridor: identifier:wikidata:Q123 is neither cited nor marked inferred" in lines


def test_a_citation_may_claim_an_other_name_and_the_api_shows_its_provenance():
    cited = paragraph_citation()
    assert "other_name:Samarkand summit" in cited.claims
    provenance = anonymous().get(detail("summits", SAMARKAND)).json()["provenance"]
    assert provenance["other_name:Samarkand summit"]["citations"] == [
        {"source": "avim-analysis-2026-11", "locator": "paragraph 2"}
    ]
