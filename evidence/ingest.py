"""Article ingestion: from a URL, an uploaded file or pasted text to a ranked article.

The entry points validate what was entered, refuse what can never work with a
ValidationError naming the field, send a duplicate to the article that exists
(the same normalised URL, or the same text), and otherwise create the article
in state ``queued`` and queue ``evidence.ingest_article`` after commit. The task
calls ``article_ingest_run``, which walks the article through ``fetching``
(URLs only, through ``evidence.fetch``; the body is archived as a Snapshot),
``extracting`` (trafilatura with ``favor_precision``; title, authors, date,
site name from JSON-LD, Open Graph and trafilatura's own metadata; language
detected from the text) and ``ranking`` (``claims.sentences``) to ``ready``,
or to ``failed`` with a code from FAILURES and a message a user understands.
What was entered (the URL, the uploaded file) stays, so a failure can be
retried with ``article_ingest_retry``.

Language: any language is accepted. It is detected from the extracted text
(py3langid, offline); the page's declared language is used only when the text
is too short to tell.
"""

import hashlib
import logging
import re
from datetime import date, timedelta
from functools import partial

import extruct
import py3langid
import trafilatura
from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.models import Article, unique_slug
from claims.services import MAX_ARTICLE_CHARS, article_create

from .archive import snapshot_fetch
from .documents import (
    HTML_TYPES,
    PDF_TYPE,
    TEXT_TYPES,
    UnreadableDocument,
    decode_text,
    extract_text,
    guess_content_type,
)
from .fetch import FetchError
from .models import Snapshot
from .services import snapshot_body_write, snapshot_transaction, source_for_url
from .urls import BadUrl, normalise_url

logger = logging.getLogger(__name__)

TASK_NAME = "evidence.ingest_article"
# Below this many characters a language guess from the text is unreliable.
LANGUAGE_MIN_CHARS = 80
FAILURES = {
    "blocked": "This address is refused: it points to a private or reserved network address.",
    "not_found": "The page was not found (the site answered {status}).",
    "http_error": "The site answered with an error ({status}).",
    "timed_out": "The site did not answer in time.",
    "redirect_loop": "The address redirects in a loop or too many times.",
    "unreachable": "The site could not be reached: {detail}",
    "certificate": "The site's HTTPS certificate is not valid.",
    "too_large": "The article is too large: {detail}",
    "unsupported_type": "This is not an HTML page, a PDF or plain text: {detail}",
    "not_an_article": "No article text was found: the page looks like navigation or an index, not an article.",
    "duplicate": "The same text is already on the desk as “{title}”.",
    "stalled": "Ingestion did not finish in {attempts} attempts (its worker stopped or it ran out of time).",
    "unexpected": "Reading the article failed unexpectedly ({detail}); the error was logged. "
    "Try again; if it fails again, tell the desk's administrator.",
}
FETCH_FAILURES = {
    "blocked": "blocked", "too_large": "too_large", "timeout": "timed_out", "redirects": "redirect_loop",
    "certificate": "certificate", "undecodable": "unsupported_type",
}
FINAL_STATES = {Article.State.READY, Article.State.FAILED}
# States of an ingestion that a run has started and not finished.
STARTED_STATES = (Article.State.FETCHING, Article.State.EXTRACTING, Article.State.RANKING)
# At most this many articles in one sweep, oldest first (the next sweep goes on).
SWEEP_BATCH = 500


class IngestionFailed(Exception):
    """The article cannot be ingested; ``code`` is one of FAILURES."""

    def __init__(self, code: str, **details):
        self.code = code
        super().__init__(FAILURES[code].format(**details)[:300])


class TransientIngestionError(Exception):
    """A fetch failure that may go away if tried again later (a timeout, a reset connection)."""


# Entry points


def _queue_run(article: Article) -> None:
    # robust: a broker outage leaves the article queued; Retry queues it again.
    transaction.on_commit(
        partial(current_app.send_task, TASK_NAME, kwargs={"article_id": article.pk}), robust=True
    )


def _placeholder_slug(hint: str) -> str:
    return unique_slug(Article, f"article-{hint}")


def article_for_url(url: str) -> Article | None:
    """The article already ingested from ``url`` (in any spelling that normalises alike)."""
    try:
        return Article.objects.filter(url=normalise_url(url)).first()
    except BadUrl:
        return None


def article_for_text(text_sha256: str, *, exclude: int | None = None) -> Article | None:
    """An article (not a failed one) with exactly this text."""
    found = Article.objects.filter(text_sha256=text_sha256).exclude(state=Article.State.FAILED)
    return found.exclude(pk=exclude).order_by("pk").first() if exclude else found.order_by("pk").first()


def article_ingest_url(*, url: str, user=None) -> tuple[Article, bool]:
    """Queue the article at ``url`` for ingestion; returns (article, created).

    An address already ingested returns its article with ``created`` False.
    Raises ValidationError on ``url`` when it is empty, not http(s), or has
    credentials in it.
    """
    try:
        normalised = normalise_url(url)
    except BadUrl as exc:
        raise ValidationError({"url": str(exc)}) from exc
    existing = Article.objects.filter(url=normalised).first()
    if existing is not None:
        return existing, False
    article = Article(
        url=normalised, title=normalised[:500], state=Article.State.QUEUED, created_by=user,
        slug=_placeholder_slug(normalised.split("//", 1)[1]),
    )
    article.full_clean(exclude=["url"])  # unique URL: the database decides under concurrency
    try:
        with transaction.atomic():
            article.save()
            _queue_run(article)
    except IntegrityError:
        existing = Article.objects.filter(url=normalised).first()
        if existing is None:
            raise
        return existing, False
    return article, True


@snapshot_transaction()
def article_ingest_file(*, upload, user=None) -> tuple[Article, bool]:
    """Archive an uploaded HTML, PDF or text file and queue it for ingestion; returns (article, True).

    Raises ValidationError on ``file`` when it is empty, larger than
    MAX_DOCUMENT_BYTES, or of another type (an image, an archive).
    """
    body = upload.read()
    name = getattr(upload, "name", "") or ""
    if not body:
        raise ValidationError({"file": "The file is empty."})
    if len(body) > settings.MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {"file": f"The file is too large ({len(body):,} bytes; at most {settings.MAX_DOCUMENT_BYTES:,})."}
        )
    content_type = guess_content_type(name, body, getattr(upload, "content_type", "") or "")
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if content_type == "text/plain" and declared and declared not in TEXT_TYPES | HTML_TYPES | {PDF_TYPE}:
        raise ValidationError({"file": f"Upload an HTML page, a PDF or a text file, not {declared}."})
    sha256 = hashlib.sha256(body).hexdigest()
    snapshot = Snapshot(
        origin=Snapshot.Origin.UPLOADED, content_type=content_type, sha256=sha256, size=len(body),
        filename=name[:255], created_by=user,
    )
    snapshot_body_write(snapshot, body)
    snapshot.full_clean()
    snapshot.save()
    title = name.rsplit("/", 1)[-1] or "Uploaded article"
    article = Article(
        title=title[:500], state=Article.State.QUEUED, snapshot=snapshot, created_by=user,
        slug=_placeholder_slug(title),
    )
    article.full_clean()
    article.save()
    _queue_run(article)
    return article, True


class _Duplicate(Exception):
    def __init__(self, article: Article):
        self.article = article


def article_ingest_text(*, user=None, **fields) -> tuple[Article, bool]:
    """Create an article from pasted text or HTML (``claims.services.article_create``'s
    arguments, which ranks its sentences at once); returns (article, created).

    The same text, or the same URL when one is given, returns the article that
    has it with ``created`` False.
    """
    if fields.get("url"):
        try:
            fields["url"] = normalise_url(fields["url"])
        except BadUrl as exc:
            raise ValidationError({"url": str(exc)}) from exc
        existing = Article.objects.filter(url=fields["url"]).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            article = article_create(user=user, **fields)
            existing = article_for_text(article.text_sha256, exclude=article.pk)
            if existing is not None:
                raise _Duplicate(existing)
    except _Duplicate as duplicate:
        return duplicate.article, False
    return article, True


@transaction.atomic
def article_ingest_retry(*, article: Article) -> Article:
    """Queue a failed article's ingestion again, from what was entered.

    Raises ValidationError when the article has not failed.
    """
    if article.state != Article.State.FAILED:
        raise ValidationError({"state": "Only an article whose ingestion failed can be retried."})
    article.state = Article.State.QUEUED if (article.url or article.snapshot_id) else Article.State.RANKING
    article.failure_code = article.failure_reason = ""
    article.state_changed_at, article.ingest_attempts = timezone.now(), 0
    Article.objects.filter(pk=article.pk).update(
        state=article.state, failure_code="", failure_reason="", state_changed_at=article.state_changed_at,
        ingest_attempts=0,
    )
    _queue_run(article)
    return article


def articles_sweep_stuck(*, stuck_after: timedelta, queued_after: timedelta, max_attempts: int) -> dict[str, int]:
    """Queue again the ingestions whose message was lost or whose worker stopped.

    An article ``queued`` for longer than ``queued_after`` (its message was lost: the
    broker was down or restarted empty, or the task gave up during a database outage),
    or fetching, extracting or ranking for longer than ``stuck_after`` (its worker
    died), is sent to the workers again; one whose runs already started
    ``max_attempts`` times is recorded as ``failed`` instead, which the user can retry.
    A duplicate message is harmless: a run of a finished article returns at once.
    Returns how many articles were re-queued and how many failed.
    """
    now = timezone.now()
    stuck = (
        Q(state=Article.State.QUEUED, state_changed_at__lt=now - queued_after)
        | Q(state__in=STARTED_STATES, state_changed_at__lt=now - stuck_after)
    )
    counts = {"requeued": 0, "failed": 0}
    for article_id in Article.objects.filter(stuck).order_by("state_changed_at").values_list("pk", flat=True)[:SWEEP_BATCH]:
        with transaction.atomic():
            article = Article.objects.select_for_update().filter(stuck, pk=article_id).first()
            if article is None:  # it moved on meanwhile
                continue
            if article.ingest_attempts >= max_attempts:
                failure = IngestionFailed("stalled", attempts=article.ingest_attempts)
                _set_state(article.pk, Article.State.FAILED, failure_code=failure.code, failure_reason=str(failure))
                counts["failed"] += 1
                continue
            # A run that stopped while fetching or extracting starts again from the fetch.
            state = Article.State.QUEUED if article.state != Article.State.RANKING else article.state
            _set_state(article.pk, state)
            _queue_run(article)
            counts["requeued"] += 1
    if any(counts.values()):
        logger.warning("sweep of stuck ingestions: %(requeued)d re-queued, %(failed)d failed", counts)
    return counts


# The run (called by the task)


def _set_state(article_id: int, state: str, **fields) -> int:
    """Move the article to ``state`` unless it has already finished; returns rows changed."""
    return (
        Article.objects.filter(pk=article_id).exclude(state__in=FINAL_STATES)
        .update(state=state, state_changed_at=timezone.now(), **fields)
    )


def article_ingest_run(*, article_id: int, final_attempt: bool = True) -> Article | None:
    """Ingest a queued article now, step by step, each state committed so pages can show it.

    Returns the article, or None when it is gone or already finished (a task run
    twice). A transient fetch failure raises TransientIngestionError unless
    this is the final attempt; then, like every other failure, it is stored as
    ``failed`` with a code and a message, which the user can retry. An error
    nobody foresaw (a library's bug, a time limit) is ``unexpected``, its
    traceback logged; only a database that cannot be reached (which could not
    record the failure either) is left to the task's retries.
    """
    started = (
        Article.objects.filter(pk=article_id).exclude(state__in=FINAL_STATES)
        .update(ingest_attempts=F("ingest_attempts") + 1, state_changed_at=timezone.now())
    )
    if not started:  # gone, or finished by an earlier run
        return None
    article = Article.objects.select_related("snapshot").get(pk=article_id)
    try:
        if article.state != Article.State.RANKING:
            snapshot = article.snapshot
            if article.url:
                _set_state(article_id, Article.State.FETCHING)
                snapshot = _fetch(article, final_attempt=final_attempt)
            _set_state(article_id, Article.State.EXTRACTING)
            _extract(article, snapshot)
        _set_state(article_id, Article.State.RANKING)
        _rank(article_id)
    except IngestionFailed as failure:
        _set_state(article_id, Article.State.FAILED, failure_code=failure.code, failure_reason=str(failure))
    except (TransientIngestionError, OperationalError):
        raise
    except Exception as error:  # noqa: BLE001  (any failure must end the run, not leave it half-way)
        logger.exception("Ingesting article %s failed unexpectedly", article_id)
        detail = "it took too long" if isinstance(error, SoftTimeLimitExceeded) else type(error).__name__
        failure = IngestionFailed("unexpected", detail=detail)
        _set_state(article_id, Article.State.FAILED, failure_code=failure.code, failure_reason=str(failure))
    else:
        _set_state(article_id, Article.State.READY, failure_code="", failure_reason="")
    return Article.objects.get(pk=article_id)


def _fetch(article: Article, *, final_attempt: bool) -> Snapshot:
    try:
        snapshot = snapshot_fetch(url=article.url, user=article.created_by)
    except FetchError as exc:
        if exc.transient and not final_attempt:
            raise TransientIngestionError(str(exc)) from exc
        code = FETCH_FAILURES.get(exc.kind, "unreachable")
        raise IngestionFailed(code, detail=str(exc)) from exc
    Article.objects.filter(pk=article.pk).update(snapshot=snapshot)
    status = snapshot.http_status or 0
    if status in (404, 410):
        raise IngestionFailed("not_found", status=status)
    if status >= 400:
        raise IngestionFailed("http_error", status=status)
    return snapshot


def _extract(article: Article, snapshot: Snapshot) -> None:
    """Fill the article's text and metadata from its snapshot, in one transaction."""
    body = snapshot.body.open("rb").read()
    snapshot.body.close()
    content_type = snapshot.content_type
    if content_type in HTML_TYPES:
        try:
            html = decode_text(body)
        except UnreadableDocument as exc:
            raise IngestionFailed("unsupported_type", detail=str(exc)) from exc
        text, meta = html_article(html, url=snapshot.final_url or article.url or "")
    elif content_type == PDF_TYPE or content_type in TEXT_TYPES:
        try:
            text = extract_text(body, content_type)
        except UnreadableDocument as exc:
            raise IngestionFailed("unsupported_type", detail=str(exc)) from exc
        meta = {}
    else:
        raise IngestionFailed("unsupported_type", detail=f"the site sent {content_type or 'no content type'}.")
    if not text.strip():
        raise IngestionFailed("not_an_article")
    if len(text) > MAX_ARTICLE_CHARS:
        raise IngestionFailed("too_large", detail=f"{len(text):,} characters of text; at most {MAX_ARTICLE_CHARS:,}.")
    sha256 = hashlib.sha256(text.encode()).hexdigest()
    existing = article_for_text(sha256, exclude=article.pk)
    if existing is not None:
        raise IngestionFailed("duplicate", title=existing.title)
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        current.text, current.text_sha256 = text, sha256
        current.language = article_language(text, meta.get("language", ""))
        if meta.get("title"):
            current.title = meta["title"][:500]
            current.slug = unique_slug(Article, current.title)
        current.authors = meta.get("authors", current.authors)[:500]
        current.published_on = meta.get("published_on") or current.published_on
        if current.url:
            current.outlet = _outlet(snapshot.final_url or current.url, meta.get("site_name", ""))
        current.full_clean()
        current.save()


def _outlet(url: str, site_name: str):
    """The Source of the URL's domain; a new one (still named after its domain) takes the site's name."""
    source = source_for_url(url)
    if source is not None and site_name and source.name == source.domain:
        source.name = site_name[:200]
        source.save(update_fields=["name"])
    return source


def _rank(article_id: int) -> None:
    # Imported here: ranking loads its model once per process, on first use.
    from claims.sentences import article_sentences_rank

    article_sentences_rank(article=Article.objects.get(pk=article_id))


# Extraction (pure)


def article_language(text: str, declared: str = "") -> str:
    """The text's language code, detected offline; the declared one when the text is short."""
    declared = declared.split("-")[0].split("_")[0].lower()[:12]
    if len(text) < LANGUAGE_MIN_CHARS:
        return declared or "en"
    code, _score = py3langid.classify(text[:5000])
    return code


def _names(value) -> list[str]:
    """Person or organisation names from a JSON-LD ``author`` value (a string, an object or a list)."""
    if isinstance(value, list):
        return [name for each in value for name in _names(each)]
    if isinstance(value, dict):
        return _names(value.get("name", ""))
    return [" ".join(str(value).replace("\x00", "").split())] if value and str(value).strip() else []


def _first(*values) -> str:
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else ""
        if isinstance(value, str) and value.strip():
            return " ".join(value.replace("\x00", "").split())  # JSON-LD may escape a NUL
    return ""


def _date(value: str) -> date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


ARTICLE_TYPES = {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                 "OpinionNewsArticle", "Report", "ScholarlyArticle", "WebPage"}


def _json_ld_article(items: list) -> dict:
    """The first JSON-LD object that describes an article (looking inside ``@graph``)."""
    for item in items:
        if not isinstance(item, dict):
            continue
        for node in [item, *(item.get("@graph") or [])]:
            if not isinstance(node, dict):
                continue
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
                return node
    return {}


def html_article(html: str, *, url: str = "") -> tuple[str, dict]:
    """The article text of a page (empty when it has none, e.g. all navigation) and its
    metadata: title, authors, published_on, site_name, language. JSON-LD comes first,
    then Open Graph, then what trafilatura finds in the page."""
    document = trafilatura.bare_extraction(
        html, url=url or None, favor_precision=True, include_comments=False, with_metadata=True
    )
    lines = (document.text or "").split("\n") if document is not None else []
    try:
        embedded = extruct.extract(html, base_url=url or None, syntaxes=["json-ld", "opengraph"], uniform=True)
    except Exception:  # noqa: BLE001  (malformed markup or JSON: the metadata is optional)
        embedded = {}
    ld = _json_ld_article(embedded.get("json-ld") or [])
    og = next(iter(embedded.get("opengraph") or []), {})
    publisher = ld.get("publisher") if isinstance(ld.get("publisher"), dict) else {}
    authors = _names(ld.get("author")) or [
        name.strip() for name in (getattr(document, "author", "") or "").split(";") if name.strip()
    ]
    declared = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z-]+)", html[:5000], re.IGNORECASE)
    meta = {
        "title": _first(ld.get("headline"), og.get("og:title"), getattr(document, "title", "")),
        "authors": ", ".join(dict.fromkeys(authors)),
        "published_on": _date(_first(ld.get("datePublished"), og.get("article:published_time")))
        or _date(getattr(document, "date", "") or ""),
        "site_name": _first(og.get("og:site_name"), publisher.get("name"), getattr(document, "sitename", "")),
        "language": _first(ld.get("inLanguage"), declared.group(1) if declared else ""),
    }
    headlines = [ld.get("headline"), og.get("og:title"), getattr(document, "title", ""), meta["title"]]
    text = "\n\n".join(_body_paragraphs(lines, headlines=headlines, authors=authors))
    return text, meta


_BYLINE = re.compile(r"^(by|von|par|por|di|door)\s", re.IGNORECASE)
_HEAD_LINES = 4  # where a headline and byline repeated in the body can be


def _body_paragraphs(lines: list[str], *, headlines: list, authors: list[str]) -> list[str]:
    """The article's paragraphs (trafilatura gives one per line; the desk separates them
    by a blank line) without the headline and byline the page repeats above the text:
    those are the article's title and authors, kept as such."""
    paragraphs = [" ".join(line.split()) for line in lines if line.strip()]
    titles = {" ".join(str(h).split()).casefold() for h in headlines if isinstance(h, str) and h.strip()}
    names = [name.casefold() for name in authors if name.strip()]

    def repeated_head(line: str) -> bool:
        folded = line.casefold()
        if folded in titles:
            return True
        is_short = len(line) <= 160 and not line.endswith((".", "?", "!", "”", '"'))
        return is_short and (bool(_BYLINE.match(line)) or any(name in folded for name in names))

    head = 0
    while head < min(_HEAD_LINES, len(paragraphs) - 1) and repeated_head(paragraphs[head]):
        head += 1
    return paragraphs[head:]
