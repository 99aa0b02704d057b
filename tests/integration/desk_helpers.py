"""Data builders shared by the desk's page tests (tests/integration/test_desk_*.py)."""

from claims import services as claim_services
from evidence import services as evidence_services
from evidence.checks.base import Check, Outcome
from evidence.models import CheckResult

WEAK_MARKER = "UNSOURCED"


class ExcerptIsSourced(Check):
    """A test evidence check: an excerpt containing WEAK_MARKER makes its item weak."""

    check_id = "evidence.test_excerpt_sourced"
    version = 1
    target_kind = "evidence"
    title = "Excerpt is sourced (test)"
    uses = ("excerpt",)

    def run(self, inputs):
        if WEAK_MARKER in inputs["excerpt"]:
            return Outcome("failed", "The excerpt was not found in its source.",
                           details={"searched": inputs["excerpt"][:40]},
                           weak_reason="excerpt not found in source")
        return Outcome("passed", "The excerpt is in its source.", score=1.0)


def settle(claim):
    """Do in-process what the worker does: queue the claim's checks and run every queued one."""
    evidence_services.checks_queue(claim_id=claim.pk)
    for row in CheckResult.objects.filter(claim=claim, is_current=True, state=CheckResult.State.QUEUED):
        evidence_services.check_run(result_id=row.pk)
    claim.refresh_from_db()
    return claim


def numbered_article(count: int, **kwargs):
    """An article of ``count`` paragraphs, each with a distinct quotable statement."""
    text = "\n\n".join(
        f"Statement {n}: the council spent {n} million on roads in {2000 + n}." for n in range(1, count + 1)
    )
    return claim_services.article_create(title=kwargs.pop("title", f"Council spending ({count})"), text=text, **kwargs)


def statement_quote(n: int) -> str:
    return f"Statement {n}: the council spent {n} million on roads"
