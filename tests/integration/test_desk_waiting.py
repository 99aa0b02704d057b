"""What waits for whom (issue 16, flow 8): the Review menu counts the verdicts in review,
a fact-checker sees the verdicts sent back to them on the dashboard, and a claim moves
from "new" to "researching" when work on it starts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services as claim_services
from claims.models import Claim
from claims.selectors import claim_history
from tests.factories import UserFactory, make_claim, make_evidence, make_verdict

pytestmark = pytest.mark.django_db


def review_menu_item(page: str) -> str:
    link = re.search(r'<a href="/desk/review/"[^>]*>(.*?)</a>', page, re.S)
    assert link, "the menu has no Review item"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", link.group(1))).strip()


def test_the_review_menu_item_counts_the_verdicts_waiting_for_review(client, fact_checker, editor, second_editor):
    client.force_login(editor)
    assert review_menu_item(client.get(reverse("desk:dashboard")).content.decode()) == "Review"

    for n in range(3):
        make_verdict(author=fact_checker, reviewer=second_editor, state="in_review", headline=f"Waiting {n}")
    make_verdict(author=fact_checker, reviewer=second_editor, state="approved")
    make_verdict(author=fact_checker, reviewer=second_editor, state="draft")

    for url in (reverse("desk:dashboard"), reverse("desk:articles"), reverse("desk:sources")):
        assert review_menu_item(client.get(url).content.decode()) == "Review 3 (3 waiting for review)", url


def test_the_review_count_is_one_query_whatever_the_number_of_verdicts(client, fact_checker, editor, second_editor):
    client.force_login(editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("desk:articles"))
        return len(captured)

    make_verdict(author=fact_checker, reviewer=second_editor, state="in_review")
    few = queries()
    for _ in range(6):
        make_verdict(author=fact_checker, reviewer=second_editor, state="in_review")
    assert queries() == few


def test_public_pages_do_not_count_the_review_queue(client, fact_checker, second_editor):
    make_verdict(author=fact_checker, reviewer=second_editor, state="in_review")
    page = client.get(reverse("public:fact-checks")).content.decode()
    assert "waiting for review" not in page


def test_a_fact_checker_sees_the_verdicts_sent_back_to_them_on_the_dashboard(client, fact_checker, editor):
    other = UserFactory(username="other-checker", role="fact-checker")
    mine = make_verdict(author=fact_checker, reviewer=editor, state="changes_requested", headline="Mine, sent back")
    make_verdict(author=other, reviewer=editor, state="changes_requested", headline="Someone else's")
    make_verdict(author=fact_checker, reviewer=editor, state="in_review", headline="Mine, in review")

    client.force_login(fact_checker)
    page = client.get(reverse("desk:dashboard")).content.decode()

    assert "Sent back to you" in page
    section = page[page.index('id="sent-back"'):page.index("</section>", page.index('id="sent-back"'))]
    assert "Mine, sent back" in section and "Source the figure." in section  # the editor's comment
    assert f'href="/desk/claims/{mine.claim_id}/#verdict"' in section
    assert "Someone else" not in section and "Mine, in review" not in section

    client.force_login(other)
    assert "Mine, sent back" not in client.get(reverse("desk:dashboard")).content.decode()

    client.force_login(editor)
    assert "Sent back to you" not in client.get(reverse("desk:dashboard")).content.decode()


def test_adding_evidence_moves_a_new_claim_to_researching_in_its_history(client, fact_checker):
    claim = make_claim()
    assert claim.state == "new"
    client.force_login(fact_checker)

    response = client.post(reverse("desk:evidence_add", args=[claim.pk]),
                           {"stance": "supports", "excerpt": "The logs show it.", "kind": "statement",
                            "visibility": "public"})

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == "researching"
    state_changes = [
        (entry.who, change.old, change.new)
        for entry in claim_history(claim_id=claim.pk) for change in entry.changes if change.label == "state"
    ]
    assert state_changes == [("checker", "New", "Researching")]


def test_drafting_a_verdict_moves_a_new_claim_to_researching(fact_checker):
    claim = make_claim()
    claim_services.verdict_save(claim=claim, user=fact_checker, headline="Draft")
    assert Claim.objects.get(pk=claim.pk).state == "researching"


def test_a_dismissed_claim_stays_dismissed_when_evidence_is_added(fact_checker):
    claim = make_claim()
    claim_services.claim_update(claim=claim, state="dismissed", dismissed_reason="Opinion")
    make_evidence(claim=claim, excerpt="Still.", user=fact_checker)
    assert Claim.objects.get(pk=claim.pk).state == "dismissed"
