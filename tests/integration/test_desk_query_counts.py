"""The desk's pages run the same number of queries whatever the number of rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services as claim_services
from evidence import services as evidence_services
from evidence.checks import registry
from evidence.models import CheckResult
from tests.factories import make_article, make_claim, make_evidence
from tests.integration.desk_helpers import ExcerptIsSourced, numbered_article, settle, statement_quote

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 50


class Desk:
    """A desk that grows: claims on one article, evidence and notes on one claim, more articles."""

    def __init__(self, editor):
        self.editor = editor
        self.article = numbered_article(LARGE, outlet_name="Council Gazette")
        self.claims = []
        self.articles = 1

    def grow(self, size: int):
        while len(self.claims) < size:
            n = len(self.claims) + 1
            claim = make_claim(article=self.article, quote=statement_quote(n),
                               claimant_name=f"Councillor {n}", assignee=self.editor)
            make_evidence(claim=claim, stance="supports" if n % 2 else "refutes",
                          url=f"https://source{n}.example/report", excerpt=f"Spent {n} million.")
            self.claims.append(claim)
        main = self.claims[0]
        while main.evidence.count() < size:
            n = main.evidence.count()
            make_evidence(claim=main, stance="refutes" if n % 3 else "supports", title=f"Item {n}",
                          url=f"https://evidence{n}.example/", excerpt=f"Excerpt {n}.",
                          pasted_text=f"Archived copy {n}." if n % 2 else "")
        while main.notes.count() < size:
            claim_services.note_create(claim=main, text=f"Note {main.notes.count()}", user=self.editor)
        while self.articles < size:
            make_article(title=f"Another story {self.articles}", outlet_name=f"Outlet {self.articles}")
            self.articles += 1
        # Half the checks final, half still queued: both kinds of row are on the page.
        queued = CheckResult.objects.filter(claim=main, is_current=True, state="queued").order_by("pk")
        for row in list(queued)[: queued.count() // 2]:
            evidence_services.check_run(result_id=row.pk)

    def pages(self):
        main = self.claims[0]
        return {
            "dashboard": reverse("desk:dashboard"),
            "claim list (filtered)": reverse("desk:dashboard") + f"?state=new&assignee={self.editor.pk}",
            "claim list (search)": reverse("desk:dashboard") + "?q=council",
            "articles": reverse("desk:articles"),
            "review queue": reverse("desk:review"),
            "article page": self.article.get_absolute_url(),
            "claim page": main.get_absolute_url(),
            "checks partial": reverse("desk:claim_checks", args=[main.pk]),
            "evidence partial": reverse("desk:claim_evidence", args=[main.pk]),
            "evidence edit": reverse("desk:evidence_edit", args=[main.evidence.first().pk]),
        }


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_pages_keep_a_constant_number_of_queries(checker_client, editor):
    with registry.temporarily(ExcerptIsSourced):
        desk = Desk(editor)
        desk.grow(SMALL)
        for url in desk.pages().values():
            checker_client.get(url)  # warm up caches that are filled once per process
        small = {name: count_queries(checker_client, url) for name, url in desk.pages().items()}
        desk.grow(LARGE)
        large = {name: count_queries(checker_client, url) for name, url in desk.pages().items()}
        evidence_checks = len(registry.for_target("evidence"))
    assert desk.claims[0].evidence.count() == LARGE
    assert CheckResult.objects.filter(
        claim=desk.claims[0], evidence__isnull=False, is_current=True
    ).count() == LARGE * evidence_checks
    print(f"queries per page with {SMALL} and {LARGE} rows: {small}")
    assert large == small, f"queries with {SMALL} rows: {small}; with {LARGE} rows: {large}"
    # The claim page is the largest: besides claim, evidence, checks and notes it reads
    # the rating scales for the verdict form and the history timeline (three history
    # tables and the corrections), and like every desk page the menu's review count.
    assert max(large.values()) <= 17, large


def test_the_big_pages_really_show_all_their_rows(checker_client, editor):
    with registry.temporarily(ExcerptIsSourced):
        desk = Desk(editor)
        desk.grow(LARGE)
        settle(desk.claims[1])
    article_page = checker_client.get(desk.article.get_absolute_url()).content.decode()
    assert article_page.count('class="hl-tag') == LARGE
    claim_page = checker_client.get(desk.claims[0].get_absolute_url()).content.decode()
    assert claim_page.count('<article class="evidence') == LARGE
    assert claim_page.count('<li class="note">') == LARGE
    assert claim_page.count('<li class="check check--') >= LARGE
