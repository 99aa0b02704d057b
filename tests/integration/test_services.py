"""Articles, claims and evidence through the real services."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from claims import services as claim_services
from claims.models import Claim, Claimant
from evidence import services as evidence_services
from tests.factories import ARTICLE_TEXT, make_article, make_claim

pytestmark = pytest.mark.django_db


def field_errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_pasted_html_is_sanitised_to_text():
    article = make_article(
        text="",
        html='<h1>Title</h1><p onclick="steal()">First <b>para</b>.</p><script>alert(1)</script>'
        '<p>Second <a href="javascript:alert(1)">link</a>.</p>',
        title="HTML article",
    )
    assert article.text == "Title\n\nFirst para.\n\nSecond link."
    assert article.slug == "html-article"


@pytest.mark.parametrize(
    "kwargs, field",
    [({"text": ""}, "text"), ({"text": "   \n "}, "text"), ({"text": "", "html": "<p> </p>"}, "html"),
     ({"text": "a", "html": "<p>b</p>"}, "text"), ({"title": ""}, "title")],
)
def test_article_refusals_name_the_field(kwargs, field):
    with pytest.raises(ValidationError) as excinfo:
        claim_services.article_create(**{"title": "T", "text": "Some text.", **kwargs})
    assert field in field_errors(excinfo)


def test_slugs_stay_unique():
    assert make_article(title="Same").slug == "same"
    assert make_article(title="Same").slug == "same-2"


def test_claim_quote_is_stored_as_the_articles_own_text():
    article = make_article()
    claim = claim_services.claim_create(
        article=article, quote="registered  in 2009 by  Cendyn, an email-marketing firm",
        claimant_name="Franklin Foer",
    )
    assert claim.quote == "registered in 2009 by Cendyn, an email marketing firm"
    assert ARTICLE_TEXT[claim.span_start:claim.span_end] == claim.quote
    assert claim.claimant.name == "Franklin Foer"


def test_claimants_are_reused_by_name():
    first = make_claim(claimant_name="Sam Biddle")
    second = make_claim(article=first.article, quote="registered in 2009", claimant_name="sam  biddle")
    assert first.claimant == second.claimant
    assert Claimant.objects.count() == 1


def test_a_quote_not_in_the_article_is_refused_with_the_closest_passage():
    with pytest.raises(ValidationError) as excinfo:
        make_claim(quote="two servers at Alfa Bank sent more than 27,000 emails")
    message = field_errors(excinfo)["quote"][0]
    assert "not in the article" in message
    assert "two servers at Alfa Bank sent more than 2,700" in message
    assert Claim.objects.count() == 0


def test_a_claim_needs_an_article_or_an_appearance():
    with pytest.raises(ValidationError) as excinfo:
        claim_services.claim_create(quote="Something was said.")
    assert "article" in field_errors(excinfo)
    claim = claim_services.claim_create(quote="Something was said.", appearance_url="https://example.org/speech")
    assert claim.span_start is None


def test_dismissing_needs_a_reason():
    claim = make_claim()
    with pytest.raises(ValidationError) as excinfo:
        claim_services.claim_update(claim=claim, state="dismissed")
    assert "dismissed_reason" in field_errors(excinfo)
    claim = claim_services.claim_update(claim=claim, state="dismissed", dismissed_reason="Opinion.")
    assert claim.state == "dismissed"


def test_only_edits_that_matter_to_checks_raise_the_revision():
    claim = make_claim()
    claim = claim_services.claim_update(claim=claim, state="researching")
    assert claim.revision == 1
    claim = claim_services.claim_update(claim=claim, text="Alfa Bank servers looked up the Trump server 2,700 times")
    assert claim.revision == 2


def test_editing_the_quote_finds_its_new_span():
    claim = claim_services.claim_update(claim=make_claim(), quote="the server was registered in 2009")
    assert ARTICLE_TEXT[claim.span_start:claim.span_end] == "The server was registered in 2009"


def test_evidence_needs_something_to_rely_on():
    with pytest.raises(ValidationError) as excinfo:
        evidence_services.evidence_create(claim=make_claim(), stance="supports")
    assert "url" in field_errors(excinfo)


def test_unknown_stance_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        evidence_services.evidence_create(claim=make_claim(), stance="agrees", excerpt="x")
    assert "stance" in field_errors(excinfo)


def test_evidence_url_creates_its_source():
    item = evidence_services.evidence_create(
        claim=make_claim(), stance="supports", url="https://www.nytimes.com/2016/10/31/us/politics/fbi.html",
    )
    assert item.source.domain == "nytimes.com"
    assert item.kind == "web_page"


def test_pasted_document_is_archived_with_its_original_url():
    item = evidence_services.evidence_create(
        claim=make_claim(), stance="supports", url="https://example.org/statement",
        pasted_text="<p>We found a <b>small number</b> of spam emails.</p><script>x()</script>",
    )
    snapshot = item.snapshot
    assert snapshot.origin == "pasted" and snapshot.url == "https://example.org/statement"
    assert snapshot.text == "We found a small number of spam emails."
    assert snapshot.content_type == "text/html" and len(snapshot.sha256) == 64
    assert snapshot.body.read().startswith(b"<p>We found")


def _pdf_bytes(text: str) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, body, expected",
    [
        ("statement.txt", b"Plain statement text.", "Plain statement text."),
        ("page.html", b"<html><body><p>An HTML page.</p></body></html>", "An HTML page."),
        ("report.pdf", None, "DNS logs were reviewed"),
    ],
)
def test_uploaded_documents_are_archived_and_read(name, body, expected):
    body = body or _pdf_bytes("DNS logs were reviewed")
    item = evidence_services.evidence_create(
        claim=make_claim(), stance="context", document=SimpleUploadedFile(name, body),
    )
    assert item.kind == "document"
    assert expected in item.snapshot.text
    assert item.snapshot.filename == name


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("binary.html", b"\x00\x01\x02PNG", "binary"),
        ("broken.pdf", b"%PDF-1.4 nonsense", "PDF"),
        ("empty.txt", b"   ", "no readable text"),
    ],
)
def test_unreadable_documents_are_refused_on_the_document_field(name, body, message):
    with pytest.raises(ValidationError) as excinfo:
        evidence_services.evidence_create(claim=make_claim(), stance="supports", document=SimpleUploadedFile(name, body))
    assert message in field_errors(excinfo)["document"][0]
