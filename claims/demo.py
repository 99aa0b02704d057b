"""Build the demo desk: the Vox article on the Trump–Alfa Bank server story,
the claims it weighs, their evidence, notes, verdicts (published, in review, sent
back for changes, a draft), rated sources and three desk users.

The demo is described in ``fixtures/demo/`` (``demo.json``, the article text and
the evidence documents) and built through the same services the desk uses, so
it exercises the real quote matching, snapshots and check engine. It sits above
both apps, like a management command: that is why it may import ``evidence``.

Building is idempotent: articles are found by URL, claims by quote, evidence by
URL within its claim, notes by text, sources by domain, users by username; a claim
that has a verdict keeps it (whatever happened to it on the desk since).
"""

import datetime as dt
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from celery import current_app
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

from evidence import services as evidence_services
from evidence.models import CheckResult, Source
from factcheck.roles import EDITOR, FACT_CHECKER

from . import services
from .models import Article, Claim, Claimant, Verdict

logger = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).resolve().parent / "fixtures" / "demo"
CHECKER_USERNAME = "checker"
EDITOR_USERNAME = "editor"
SECOND_EDITOR_USERNAME = "editor2"
DEFAULT_CHECKER_PASSWORD = "checker-demo-pass"
DEFAULT_EDITOR_PASSWORD = "editor-demo-pass"
DEFAULT_SECOND_EDITOR_PASSWORD = "editor2-demo-pass"
# The actions that bring a new draft to each state in the demo's verdicts.
VERDICT_PATHS = {
    "draft": (),
    "in_review": ("submit",),
    "changes_requested": ("submit", "request-changes"),
    "approved": ("submit", "approve"),
    "published": ("submit", "approve", "publish"),
}
# The editor administers the desk's own data in the Django admin.
EDITOR_ADMIN_APPS = ("claims", "evidence")


@dataclass
class DemoLogin:
    role: str
    username: str
    password: str


@dataclass
class DemoReport:
    """What ``demo_load`` did: counts by kind of record, the logins and the outcome."""

    article: Article | None = None
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    verdict_states: Counter = field(default_factory=Counter)
    checks_run: int = 0
    logins: list[DemoLogin] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        (self.created if created else self.existing)[kind] += 1


def demo_load(
    *,
    checker_password: str = DEFAULT_CHECKER_PASSWORD,
    editor_password: str = DEFAULT_EDITOR_PASSWORD,
    second_editor_password: str = DEFAULT_SECOND_EDITOR_PASSWORD,
    directory: Path = DEMO_DIR,
) -> DemoReport:
    """Build the demo, then run its queued checks in this process.

    The checks run here, through the same ``check_run`` service the worker
    calls, so that every status is computed even when no worker is running;
    tasks a worker receives later find the rows final and do nothing. When no
    broker answers, those tasks cannot be sent: that is a warning, not a failure.
    """
    spec = json.loads((directory / "demo.json").read_text(encoding="utf-8"))
    report = DemoReport()
    _broker_check(report)
    with transaction.atomic():
        checker = _user_ensure(
            username=CHECKER_USERNAME, password=checker_password, group=FACT_CHECKER, report=report
        )
        editors = [
            _user_ensure(
                username=username, password=password, group=EDITOR, report=report, admin_apps=EDITOR_ADMIN_APPS,
            )
            for username, password in (
                (EDITOR_USERNAME, editor_password), (SECOND_EDITOR_USERNAME, second_editor_password),
            )
        ]
        for source_spec in spec["sources"]:
            _source_ensure(source_spec, report=report)
        for claimant_spec in spec["claimants"]:
            _claimant_ensure(claimant_spec, report=report)
        article = _article_ensure(spec["article"], directory=directory, user=checker, report=report)
        claims = [
            _claim_ensure(
                claim_spec, article=article, documents=spec["documents"], directory=directory,
                user=checker, report=report,
            )
            for claim_spec in spec["claims"]
        ]
        users = {user.username: user for user in (checker, *editors)}
        for claim, claim_spec in zip(claims, spec["claims"], strict=True):
            if "verdict" in claim_spec:
                _verdict_ensure(claim_spec["verdict"], claim=claim, users=users, report=report)
        # Brings every current result in line with its inputs, also for claims
        # built by an earlier run under an older set of checks.
        for claim in claims:
            evidence_services.checks_queue(claim_id=claim.pk)
    report.article = article
    claim_ids = [claim.pk for claim in claims]
    report.checks_run = demo_checks_run(claim_ids=claim_ids)
    report.statuses = Counter(
        Claim.objects.filter(pk__in=claim_ids).values_list("support_status", flat=True)
    )
    report.verdict_states = Counter(
        Verdict.objects.filter(claim_id__in=claim_ids).values_list("state", flat=True)
    )
    return report


def demo_checks_run(*, claim_ids: list[int]) -> int:
    """Run every queued current check of these claims now, in order; return how many ran."""
    queued = CheckResult.objects.filter(
        claim_id__in=claim_ids, is_current=True, state=CheckResult.State.QUEUED
    ).order_by("pk").values_list("pk", flat=True)
    ran = 0
    for result_id in list(queued):
        if evidence_services.check_run(result_id=result_id) is not None:
            ran += 1
    return ran


def _broker_check(report: DemoReport) -> None:
    """Warn once, up front, when no broker answers.

    The services queue their tasks after commit and log each send that fails
    without failing the write: so the demo still completes, and this says why
    those errors may follow and that they do no harm.
    """
    with current_app.connection_for_write() as connection:
        try:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        except BrokerError as exc:
            message = (
                f"No broker answers at {connection.as_uri()} ({exc}): background tasks cannot be queued "
                "and each failed send is logged. The demo runs its checks in this process, "
                "so it is complete without them."
            )
            logger.warning(message)
            report.warnings.append(message)


DEMO_NAMES = {
    CHECKER_USERNAME: ("Casey", "Checker"),
    EDITOR_USERNAME: ("Eddie", "Editor"),
    SECOND_EDITOR_USERNAME: ("Erin", "Editor"),
}


def _user_ensure(
    *, username: str, password: str, group: str, report: DemoReport, admin_apps: tuple[str, ...] = ()
) -> User:
    """The demo user ``username`` in ``group``, with ``password`` set so the printed login works."""
    user = User.objects.filter(username=username).first()
    report.count("users", created=user is None)
    if user is None:
        user = User(username=username, email=f"{username}@example.org")
    # Bylines on the public pages show names; keep the ones someone gave.
    first, last = DEMO_NAMES[username]
    _fill_blanks(user, {"first_name": first, "last_name": last})
    user.set_password(password)
    if admin_apps:
        user.is_staff = True
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    if admin_apps:
        user.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=admin_apps))
    report.logins.append(DemoLogin(role=group, username=username, password=password))
    return user


def _fill_blanks(instance, values: dict, *, blank=("",)) -> None:
    """Set the fields of ``instance`` that are still blank; keep what someone chose."""
    for name, value in values.items():
        if getattr(instance, name) in blank:
            setattr(instance, name, value)


def _source_ensure(spec: dict, *, report: DemoReport) -> Source:
    """The source of a domain, rated as the demo says unless an editor already rated it."""
    source = Source.objects.filter(domain=spec["domain"]).first()
    report.count("sources", created=source is None)
    if source is None:
        source = Source(domain=spec["domain"])
    _fill_blanks(source, {"name": spec["name"], "owner": spec["owner"], "notes": spec["notes"]})
    if source.name == source.domain:
        # Named after its host by evidence_create before the demo gave it a name.
        source.name = spec["name"]
    _fill_blanks(source, {"reliability": spec["reliability"]}, blank=(Source.Reliability.UNKNOWN,))
    source.full_clean()
    source.save()
    return source


def _claimant_ensure(spec: dict, *, report: DemoReport) -> Claimant:
    claimant = Claimant.objects.filter(name__iexact=spec["name"]).first()
    report.count("claimants", created=claimant is None)
    if claimant is None:
        claimant = Claimant(name=spec["name"], kind=spec["kind"])
    _fill_blanks(claimant, {"description": spec["description"], "url": spec["url"]})
    claimant.full_clean()
    claimant.save()
    return claimant


def _article_ensure(spec: dict, *, directory: Path, user: User, report: DemoReport) -> Article:
    article = Article.objects.filter(url=spec["url"]).first()
    report.count("articles", created=article is None)
    if article is None:
        article = services.article_create(
            title=spec["title"],
            text=(directory / spec["file"]).read_text(encoding="utf-8"),
            url=spec["url"],
            outlet_name=spec["outlet"],
            authors=spec["authors"],
            published_on=dt.date.fromisoformat(spec["published_on"]),
            language=spec["language"],
            user=user,
        )
    return article


def _claim_ensure(
    spec: dict, *, article: Article, documents: dict, directory: Path, user: User, report: DemoReport
) -> Claim:
    """The claim with this quote in the article, with its evidence and notes."""
    _start, _end, wording = services.resolve_quote(article, spec["quote"])
    claim = article.claims.filter(quote=wording.strip()).first()
    report.count("claims", created=claim is None)
    if claim is None:
        claim = services.claim_create(
            article=article,
            quote=spec["quote"],
            text=spec["text"],
            claimant_name=spec["claimant"],
            claim_date=dt.date.fromisoformat(spec["claim_date"]),
            assignee=user,
            user=user,
        )
    for evidence_spec in spec["evidence"]:
        document = documents[evidence_spec["document"]]
        item = claim.evidence.filter(url=document["url"]).first()
        report.count("evidence", created=item is None)
        if item is None:
            evidence_services.evidence_create(
                claim=claim,
                stance=evidence_spec["stance"],
                url=document["url"],
                excerpt=evidence_spec["excerpt"],
                title=document["title"],
                kind=document["kind"],
                pasted_text=(directory / document["file"]).read_text(encoding="utf-8"),
                user=user,
            )
    for text in spec.get("notes", []):
        exists = claim.notes.filter(text=text).exists()
        report.count("notes", created=not exists)
        if not exists:
            services.note_create(claim=claim, text=text, user=user)
    return claim


def _verdict_ensure(spec: dict, *, claim: Claim, users: dict[str, User], report: DemoReport) -> None:
    """The claim's verdict as the demo describes it, walked through the workflow by the
    demo's people: the author drafts and submits, an editor who did not write it
    reviews and approves, the demo editor publishes and corrects."""
    exists = claim.verdicts.exists()
    report.count("verdicts", created=not exists)
    if exists:
        return
    author = users[spec["author"]]
    # An editor never approves their own verdict: the second editor reviews the first's.
    reviewer = users[SECOND_EDITOR_USERNAME if spec["author"] == EDITOR_USERNAME else EDITOR_USERNAME]
    verdict = services.verdict_save(
        claim=claim, user=author, rating=spec["rating"], headline=spec["headline"], summary=spec["summary"],
        body=spec["body"], claimant_response=spec.get("claimant_response", ""),
    )
    for action in VERDICT_PATHS[spec["state"]]:
        user = {"submit": author, "publish": users[EDITOR_USERNAME]}.get(action, reviewer)
        verdict = services.verdict_act(
            verdict=verdict, user=user, action=action, comment=spec.get("review_comment", ""),
        )
    for text in spec.get("corrections", []):
        verdict = services.verdict_act(verdict=verdict, user=users[EDITOR_USERNAME], action="corrections", text=text)
