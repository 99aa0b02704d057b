"""The dashboard's pictures: claims logged and verdicts published week by week, claims by
support status and verdicts by state, drawn as SVG that a screen reader can read."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import selectors
from claims.models import Claim, Verdict
from evidence.checks import registry
from tests.factories import make_claim, make_evidence, make_verdict
from tests.integration.desk_helpers import ExcerptIsSourced, numbered_article, settle, statement_quote

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)  # a Thursday; its week starts on Monday 23 November


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class Desk:
    def __init__(self):
        self.article = numbered_article(120)
        self.n = 0

    def claim(self, logged: dt.datetime, supported: bool = False) -> Claim:
        self.n += 1
        claim = make_claim(article=self.article, quote=statement_quote(self.n))
        if supported:
            with registry.temporarily(ExcerptIsSourced):
                make_evidence(claim=claim, stance="supports", excerpt="Spent.")
                settle(claim)
        Claim.objects.filter(pk=claim.pk).update(created_at=logged)
        return claim


@pytest.mark.parametrize(("logged", "week"), [
    (at(dt.date(2026, 11, 23), 0, 0), 11),            # Monday midnight opens this week
    (at(dt.date(2026, 11, 22), 23, 59), 10),          # Sunday night closes the last one
    (at(dt.date(2026, 11, 26)), 11),
    (at(dt.date(2026, 9, 7)), 0),                     # the Monday of the oldest week shown
    (at(dt.date(2026, 9, 6), 23, 59), None),          # before it: not shown
])
def test_claims_fall_into_the_week_they_were_logged_in(logged, week):
    Desk().claim(logged)
    trends = selectors.dashboard_trends(today=TODAY)
    assert trends["weeks"][0] == dt.date(2026, 9, 7) and trends["weeks"][-1] == dt.date(2026, 11, 23)
    assert len(trends["weeks"]) == 12
    counted = [i for i, stack in enumerate(trends["claims"]) if stack["unverified"]]
    assert counted == ([] if week is None else [week])


def test_trends_count_statuses_published_verdicts_and_verdict_states(editor, second_editor, fact_checker):
    desk = Desk()
    desk.claim(at(TODAY), supported=True)
    desk.claim(at(TODAY))
    published = make_verdict(claim=desk.claim(at(TODAY - dt.timedelta(weeks=2))), author=editor,
                             reviewer=second_editor, state="published")
    Verdict.objects.filter(pk=published.pk).update(published_at=at(TODAY - dt.timedelta(weeks=2)))
    make_verdict(claim=desk.claim(at(TODAY)), author=fact_checker, reviewer=editor, state="draft")

    trends = selectors.dashboard_trends(today=TODAY)
    assert trends["claims"][-1] == {"unverified": 2, "supported": 1, "refuted": 0, "disputed": 0}
    assert trends["claims"][-3]["unverified"] == 1
    assert trends["published"] == [0] * 9 + [1, 0, 0]
    assert trends["verdict_states"] == {
        "draft": 1, "in_review": 0, "changes_requested": 0, "approved": 0, "published": 1, "retracted": 0,
    }


def test_the_dashboard_draws_both_pictures_with_titles_and_descriptions(checker_client, editor, second_editor):
    desk = Desk()
    desk.claim(timezone.now(), supported=True)
    desk.claim(timezone.now() - dt.timedelta(weeks=1))
    make_verdict(claim=desk.claim(timezone.now()), author=editor, reviewer=second_editor, state="published")
    page = checker_client.get(reverse("desk:dashboard")).content.decode()

    timeline = re.search(r'<svg class="chart__svg chart__svg--timeline"[^>]*role="img"[^>]*>(.*?)</svg>', page, re.S).group(1)
    assert '<title id="timeline-svg-title">Claims logged and verdicts published, week by week</title>' in timeline
    description = re.search(r'<desc id="timeline-svg-desc">(.*?)</desc>', timeline, re.S).group(1)
    assert description.endswith("2 claims (1 unverified, 1 supported); 1 verdict published.")
    assert "1 claim (1 unverified); 0 verdicts published." in description
    assert timeline.count('class="chart-fill-supported"') == 1
    assert '<title>Week of' in timeline  # each column part names its week and status in words

    states = re.search(r'<svg class="chart__svg chart__svg--bars"[^>]*>(.*?)</svg>', page, re.S).group(1)
    assert ("Claims by support status: Unverified 2, Supported 1, Refuted 0, Disputed 0. "
            "Verdicts by state: Draft 0, In review 0, Changes requested 0, Approved 0, Published 1, Retracted 0.") in states
    # Every legend colour comes with its label in text.
    legend = re.search(r'<figcaption class="chart__legend">(.*?)</figcaption>', page, re.S).group(1)
    for label in ("Unverified", "Supported", "Refuted", "Disputed", "Verdicts published"):
        assert label in legend


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("desk:dashboard")).status_code == 200
    return len(queries)


def test_the_pictures_cost_the_same_queries_however_many_weeks_claims_and_verdicts(
    checker_client, editor, second_editor
):
    desk = Desk()

    def grow(claims: int, verdicts: int):
        for n in range(claims):
            desk.claim(timezone.now() - dt.timedelta(days=5 * n), supported=n % 3 == 0)
        for _ in range(verdicts):
            make_verdict(claim=desk.claim(timezone.now()), author=editor, reviewer=second_editor, state="published")

    grow(2, 1)
    dashboard_queries(checker_client)  # warm up
    small = dashboard_queries(checker_client)
    grow(30, 6)
    assert dashboard_queries(checker_client) == small
