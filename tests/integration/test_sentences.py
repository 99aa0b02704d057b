"""Ranked sentences: stored with exact offsets, shown on the article page, logged in one click,
returned by the API, and scored from the command line with the same model."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims import services as claim_services
from claims.models import ArticleSentence, Claim
from claims.sentences import article_sentences_rank
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TEXT = (
    "Good evening and welcome.\n\n"
    "The mayor said the city’s budget grew by 12 percent last year, more than any year since 2001. "
    "Is that right?\n"
    "Thank you for joining us."
)
TOP = "The mayor said the city’s budget grew by 12 percent last year, more than any year since 2001."


def test_a_pasted_article_gets_ranked_sentences_with_exact_offsets():
    article = make_article(title="Budget", text=TEXT)
    rows = list(article.sentences.all())
    assert [article.text[r.start:r.end] for r in sorted(rows, key=lambda r: r.start)] == [
        "Good evening and welcome.", TOP, "Is that right?", "Thank you for joining us."]
    assert [r.rank for r in rows] == [1, 2, 3, 4]
    assert article.text[rows[0].start:rows[0].end] == TOP
    assert rows[0].score > rows[1].score and rows[0].reason


def test_ranking_again_replaces_the_sentences_and_a_new_text_is_reranked():
    article = make_article(title="Budget", text=TEXT)
    article_sentences_rank(article=article)
    assert ArticleSentence.objects.filter(article=article).count() == 4
    claim_services.article_update(article=article, text="Taxes rose 5% in 2023. Nobody noticed.")
    assert [(r.start, r.end) for r in article.sentences.order_by("start")] == [(0, 22), (23, 38)]


def test_the_article_page_lists_sentences_and_logs_one_as_a_claim_in_one_click(checker_client):
    article = make_article(title="Budget", text=TEXT)
    page = checker_client.get(article.get_absolute_url()).content.decode()
    assert "Sentences worth checking" in page
    assert page.index(TOP) < page.index("Is that right?”")
    assert "Why: " in page and "Log as claim" in page

    top = article.sentences.get(rank=1)
    response = checker_client.post(
        reverse("desk:claim_log", args=[article.pk]),
        {"quote": TOP, "date_precision": "day"}, follow=True)
    claim = Claim.objects.get()
    assert (claim.span_start, claim.span_end) == (top.start, top.end)
    page = response.content.decode()
    assert f"Claim #{claim.pk} logged" in page
    # The logged sentence now links to its claim instead of offering to log it again.
    assert f'href="{claim.get_absolute_url()}" class="meta">Logged as claim #{claim.pk}</a>' in page
    assert page.count("Log as claim</button>") == 3


def test_a_long_article_shows_the_top_sentences_and_the_rest_behind_show_all(checker_client):
    text = " ".join(f"In {2000 + n} the council spent {n} million on roads." for n in range(20))
    article = make_article(title="Roads", text=text)
    page = checker_client.get(article.get_absolute_url()).content.decode()
    assert "Show all 20 sentences" in page


def test_the_api_returns_sentences_in_ranked_order(checker_api):
    article = make_article(title="Budget", text=TEXT)
    data = checker_api.get(f"/api/v1/articles/{article.pk}/").json()
    sentences = data["sentences"]
    assert len(sentences) == 4
    assert set(sentences[0]) == {"start", "end", "score", "reason"}
    assert TEXT[sentences[0]["start"]:sentences[0]["end"]] == TOP
    assert [s["score"] for s in sentences] == sorted((s["score"] for s in sentences), reverse=True)


def test_rank_sentences_command_scores_like_the_app(tmp_path):
    article = make_article(title="Budget", text=TEXT)
    stored = {article.text[r.start:r.end]: r.score for r in article.sentences.all()}
    lines = [{"id": n, "text": text, "doc": "budget"} for n, text in enumerate(
        ["Good evening and welcome.", TOP, "Is that right?", "Thank you for joining us."])]
    lines.append({"id": "alone", "text": "What a night."})
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    out = tmp_path / "out.jsonl"
    call_command("rank_sentences", "--input", str(source), "--output", str(out))
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in results] == [0, 1, 2, 3, "alone"]
    for line, result in zip(lines[:4], results):
        assert result["score"] == pytest.approx(stored[line["text"]], abs=1e-4)


def test_rank_sentences_scores_the_same_in_batches_and_says_what_it_did(tmp_path, monkeypatch, capsys):
    from claims.management.commands import rank_sentences

    lines = [{"id": f"{doc}-{n}", "text": text, "doc": doc}
             for doc in ("a", "b", "c") for n, text in enumerate([TOP, "Is that right?", "Thank you."])]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    call_command("rank_sentences", "--input", str(source), "--output", str(tmp_path / "whole.jsonl"))
    monkeypatch.setattr(rank_sentences, "BATCH_DOCUMENTS", 1)
    call_command("rank_sentences", "--input", str(source), "--output", str(tmp_path / "batched.jsonl"))
    assert (tmp_path / "batched.jsonl").read_text() == (tmp_path / "whole.jsonl").read_text()
    assert "Scored 9 sentences in 3 documents." in capsys.readouterr().err


SPOKEN = (
    "Riverton Mayor Ana Delgado opened a shelter on Monday.\n\n"
    "“We cut street homelessness by 40 percent between 2023 and 2025,” said Ana Delgado.\n\n"
    "Delgado said the city would publish its count in May."
)
SAID = "“We cut street homelessness by 40 percent between 2023 and 2025,” said Ana Delgado."


def test_one_click_logs_the_sentence_with_its_speaker_and_the_articles_date_and_comes_back_to_it(checker_client):
    article = make_article(title="Shelter", text=SPOKEN, published_on=dt.date(2025, 3, 3))
    row = next(r for r in article.sentences.all() if article.text[r.start:r.end] == SAID)
    page = checker_client.get(article.get_absolute_url()).content.decode()
    assert "Logs claimant <strong>Ana Delgado</strong>, dated 3 March 2025 (the article's date)" in page
    response = checker_client.post(
        reverse("desk:claim_log", args=[article.pk]),
        {"quote": SAID, "sentence": row.pk, "claimant": "Ana Delgado", "claim_date": "2025-03-03",
         "date_precision": "day"}, follow=True)
    claim = Claim.objects.get()
    assert (claim.claimant.name, str(claim.claim_date)) == ("Ana Delgado", "2025-03-03")
    assert response.redirect_chain[-1][0] == f"{article.get_absolute_url()}#sentence-{row.pk}"
    # The message is shown at the sentence, not in the banner at the top.
    html = response.content.decode()
    item = html[html.index(f'id="sentence-{row.pk}"'):]
    item = item[:item.index("</li>\n")]
    assert f"Claim #{claim.pk} logged (claimant Ana Delgado, dated 3 March 2025)" in item
    assert html.count(f"Claim #{claim.pk} logged (") == 1


def test_one_click_under_htmx_answers_the_sentence_in_place(checker_client):
    article = make_article(title="Shelter", text=SPOKEN, published_on=dt.date(2025, 3, 3))
    row = next(r for r in article.sentences.all() if article.text[r.start:r.end] == SAID)
    response = checker_client.post(
        reverse("desk:claim_log", args=[article.pk]),
        {"quote": SAID, "sentence": row.pk, "claimant": "Ana Delgado", "claim_date": "2025-03-03",
         "date_precision": "day"}, HTTP_HX_REQUEST="true")
    claim = Claim.objects.get()
    fragment = response.content.decode()
    assert response.status_code == 200 and fragment.lstrip().startswith(f'<li class="claim-list__item ranked-sentence" id="sentence-{row.pk}">')
    assert f"Logged as claim #{claim.pk}</a>" in fragment and "Log as claim</button>" not in fragment
    assert "Done:</strong> Claim" in fragment
    refused = checker_client.post(
        reverse("desk:claim_log", args=[article.pk]),
        {"quote": SAID, "sentence": row.pk, "claimant": "x" * 201, "date_precision": "day"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert "Not done:</strong> Not logged: " in refused.content.decode()
