"""claim.prior_fact_checks through the engine, and match_claims end to end."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from claims.services import external_factcheck_import
from evidence.models import CheckResult
from tests.factories import make_claim

from .test_check_engine import run_queued

pytestmark = pytest.mark.django_db


def import_factcheck(url, claim, rating="False", publisher="PolitiFact"):
    record = {"@type": "ClaimReview", "url": url, "claimReviewed": claim,
              "author": {"name": publisher}, "reviewRating": {"alternateName": rating}}
    return external_factcheck_import(record=record)[0]


def prior_check(claim):
    return CheckResult.objects.get(claim=claim, check_id="claim.prior_fact_checks", is_current=True)


def test_a_claim_checked_before_warns_and_lists_the_candidates_with_links():
    import_factcheck("https://politifact.example/unemployment", "Unemployment in Ohio doubled last year.")
    import_factcheck("https://snopes.example/bananas", "Bananas contain more potassium than any other fruit.",
                     rating="Mostly False", publisher="Snopes")
    claim = run_queued(make_claim(quote="more than 2,700 look-up messages",
                                  text="Ohio's unemployment rate doubled over the last year"))
    result = prior_check(claim)
    assert result.state == "warning"
    assert result.message.startswith("Checked before: PolitiFact rated a similar claim False (score 0.")
    candidates = result.details["candidates"]
    assert [c["url"] for c in candidates] == ["https://politifact.example/unemployment", "https://snopes.example/bananas"]
    assert candidates[0]["kind"] == "external" and candidates[0]["score"] > candidates[1]["score"]


def test_no_earlier_fact_check_passes_and_a_new_import_reruns_the_check():
    import_factcheck("https://snopes.example/bananas", "Bananas contain more potassium than any other fruit.")
    claim = run_queued(make_claim(text="Ohio's unemployment rate doubled over the last year"))
    assert prior_check(claim).state == "passed"
    assert prior_check(claim).message == "No earlier fact-check of this claim found."

    import_factcheck("https://politifact.example/unemployment", "Unemployment in Ohio doubled last year.")
    claim = run_queued(claim)
    assert prior_check(claim).state == "warning"


def test_match_claims_with_a_corpus_file(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in [
        {"id": "eiffel", "text": "The Eiffel Tower is in Paris."},
        {"id": "bananas", "text": "Bananas are rich in potassium."},
        {"id": "moon", "text": "The moon landing was staged."},
    ]))
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"id": 1, "text": "Apollo astronauts never went to the moon"}\n{"id": 2}\n')
    output = tmp_path / "out.jsonl"
    err = StringIO()
    call_command("match_claims", input=str(queries), corpus=str(corpus), top=2, output=str(output), stderr=err)
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    assert len(lines) == 1 and lines[0]["id"] == 1
    assert [m["id"] for m in lines[0]["matches"]][0] == "moon" and len(lines[0]["matches"]) == 2
    assert "queries.jsonl:2: needs the fields id, text" in err.getvalue()


def test_match_claims_first_stage_only_ranks_alike_with_other_scores(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in [
        {"id": "ohio", "text": "Unemployment in Ohio doubled last year."},
        {"id": "bananas", "text": "Bananas are rich in potassium."},
    ]))
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"id": 1, "text": "Did unemployment double in Ohio?"}\n')
    runs = []
    for fast in (False, True):
        out = StringIO()
        call_command("match_claims", input=str(queries), corpus=str(corpus), first_stage_only=fast,
                     stdout=out, stderr=StringIO())
        runs.append(json.loads(out.getvalue())["matches"])
    assert [m["id"] for m in runs[0]] == [m["id"] for m in runs[1]] == ["ohio", "bananas"]
    assert runs[0] != runs[1], "the cross-encoder's scores differ from the first stage's"


def test_match_claims_searches_the_database_without_a_corpus(tmp_path):
    factcheck = import_factcheck("https://politifact.example/unemployment", "Unemployment in Ohio doubled last year.")
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"id": "q", "text": "Did unemployment double in Ohio?"}\n')
    out = StringIO()
    call_command("match_claims", input=str(queries), stdout=out, stderr=StringIO())
    (line,) = [json.loads(x) for x in out.getvalue().splitlines()]
    assert line["matches"][0]["id"] == f"external:{factcheck.pk}"


def test_the_claim_page_lists_earlier_fact_checks_with_links(checker_client):
    import_factcheck("https://politifact.example/unemployment", "Unemployment in Ohio doubled last year.")
    claim = run_queued(make_claim(text="Ohio's unemployment rate doubled over the last year"))
    page = checker_client.get(claim.get_absolute_url()).content.decode()
    assert '<a href="https://politifact.example/unemployment" rel="noopener noreferrer">' in page
    assert "Unemployment in Ohio doubled last year." in page
    assert "PolitiFact · rated False · score 0." in page
