"""The verdict on the desk: the draft form, the workflow buttons, refusals that keep
what was typed, the review queue and the claim's history timeline."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services as claim_services
from claims.models import Verdict
from evidence import services as evidence_services
from tests.factories import UserFactory, make_article, make_claim, make_evidence, make_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return make_claim(article=make_article(), claimant_name="Franklin Foer")


def claim_url(claim) -> str:
    return reverse("desk:claim", args=[claim.pk])


def save_draft(client, claim, **fields):
    data = {"rating": "politifact/false", "headline": "No, the logs do not show that",
            "summary": "The look-ups prove no contact.", "body": "Experts **disagree**.", "claimant_response": ""}
    return client.post(reverse("desk:verdict_save", args=[claim.pk]), {**data, **fields})


def act(client, verdict, action, **fields):
    data = {"verdict": verdict.pk, "action": action, **fields}
    return client.post(reverse("desk:verdict_act", args=[verdict.claim_id]), data)


def buttons(page) -> set[str]:
    """The workflow actions the page offers (the hidden ``action`` inputs, and the draft
    form's "Save and submit for review" button)."""
    return set(re.findall(r'name="(?:action|then)" value="([a-z-]+)"', page.content.decode()))


def test_a_fact_checker_drafts_the_verdict_with_a_rating_from_the_default_scale(client, fact_checker, claim):
    client.force_login(fact_checker)
    page = client.get(claim_url(claim)).content.decode()
    assert "No verdict yet" in page
    # The default scale's ratings come with their descriptions; other scales are offered too.
    assert 'value="politifact/pants-on-fire"' in page and "makes a ridiculous claim" in page
    assert 'value="snopes/mixture"' in page and "Another scale: Snopes-style scale" in page

    response = save_draft(client, claim)

    assert response.status_code == 302 and response["Location"].endswith("#verdict")
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.state, verdict.rating.slug, verdict.author) == ("draft", "false", fact_checker)
    page = client.get(claim_url(claim))
    content = page.content.decode()
    assert "Verdict draft saved." in content
    assert 'value="politifact/false" checked' in content
    assert "No, the logs do not show that" in content
    assert "submit" in buttons(page)


def test_another_scale_can_be_used(client, fact_checker, claim):
    client.force_login(fact_checker)
    assert save_draft(client, claim, rating="snopes/mixture").status_code == 302
    assert Verdict.objects.get(claim=claim).rating.scale.slug == "snopes"


def test_a_refused_draft_keeps_what_was_typed_and_names_the_field(client, fact_checker, claim):
    client.force_login(fact_checker)
    response = save_draft(client, claim, rating="politifact/nonsense", headline="My careful headline")
    assert response.status_code == 400
    content = response.content.decode()
    assert "The verdict was not saved: Rating:" in content
    assert 'value="My careful headline"' in content
    assert not Verdict.objects.exists()


def test_the_whole_workflow_through_the_desk(client, fact_checker, editor, second_editor, claim):
    client.force_login(fact_checker)
    save_draft(client, claim)
    verdict = Verdict.objects.get(claim=claim)
    response = act(client, verdict, "submit")
    assert response.status_code == 302
    page = client.get(claim_url(claim))
    assert "Verdict submitted for review" in page.content.decode()
    assert buttons(page) == set()  # a fact-checker does not review

    client.force_login(editor)
    assert buttons(client.get(claim_url(claim))) == {"request-changes", "approve"}
    act(client, verdict, "request-changes", comment="Cite the Times story.")
    client.force_login(fact_checker)
    page = client.get(claim_url(claim)).content.decode()
    assert "requested changes" in page and "Cite the Times story." in page
    assert save_draft(client, claim, summary="The Times saw look-ups, not messages.").status_code == 302
    act(client, verdict, "submit")

    client.force_login(second_editor)
    assert act(client, verdict, "approve").status_code == 302
    page = client.get(claim_url(claim))
    assert buttons(page) == {"request-changes"}
    assert f'href="{reverse("desk:verdict_publish", args=[claim.pk])}"' in page.content.decode()
    assert act(client, verdict, "publish", confirm="True").status_code == 302
    verdict.refresh_from_db()
    page = client.get(claim_url(claim))
    content = page.content.decode()
    assert verdict.state == "published"
    assert "Verdict published" in content and f'href="{verdict.get_absolute_url()}"' in content
    assert buttons(page) == {"retract", "corrections"}
    assert "Edit the draft" not in content  # published: no draft form, only corrections and amendments
    assert 'id="id_verdict_headline"' not in content and 'id="id_amend_headline"' in content

    act(client, verdict, "corrections", text="The count was 2,820, not 2,700.")
    assert "Correction added" in client.get(claim_url(claim)).content.decode()
    act(client, verdict, "retract", reason="The logs were misread.")
    verdict.refresh_from_db()
    assert (verdict.state, verdict.retraction_reason) == ("retracted", "The logs were misread.")
    page = client.get(claim_url(claim)).content.decode()
    assert "The logs were misread." in page and "A new verdict (it supersedes the retracted one)" in page


def test_a_role_refusal_is_403_and_keeps_the_typed_comment(client, editor, second_editor, claim):
    verdict = make_verdict(claim=claim, author=editor, reviewer=second_editor, state="in_review")
    client.force_login(editor)
    response = act(client, verdict, "request-changes", comment="My own careful comment")
    assert response.status_code == 403
    content = response.content.decode()
    assert "You wrote or edited this verdict: another editor must request changes on it." in content
    assert "My own careful comment</textarea>" in content
    verdict.refresh_from_db()
    assert verdict.state == "in_review"


def test_state_and_input_refusals_are_400_and_name_the_reason(client, fact_checker, editor, claim):
    verdict = make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="in_review")
    client.force_login(editor)
    response = act(client, verdict, "publish")
    assert response.status_code == 400
    assert "Cannot publish a verdict that is in review: it must be approved." in response.content.decode()

    response = act(client, verdict, "request-changes", comment="  ")
    assert response.status_code == 400
    content = response.content.decode()
    assert "What needs to change: Say what needs to change." in content
    assert "<details class=\"verdict-action\" open>" in content
    verdict.refresh_from_db()
    assert verdict.state == "in_review"


def test_submitting_an_incomplete_draft_says_what_it_lacks(client, fact_checker, claim):
    client.force_login(fact_checker)
    save_draft(client, claim, rating="", summary="")
    verdict = Verdict.objects.get(claim=claim)
    response = act(client, verdict, "submit")
    assert response.status_code == 400
    assert "A verdict needs a rating before it goes to review." in response.content.decode()


def test_an_action_on_a_verdict_that_is_no_longer_current_is_refused(client, fact_checker, editor, claim):
    old = make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="retracted")
    claim_services.verdict_save(claim=claim, user=fact_checker, rating="true", headline="New", summary="New.")
    client.force_login(editor)
    response = act(client, old, "corrections", text="Too late.")
    assert response.status_code == 400
    assert "changed since this page was loaded" in response.content.decode()
    assert not old.corrections.exists()


def test_the_review_queue_lists_what_waits_and_for_whom(client, fact_checker, editor, second_editor):
    article = make_article()
    waiting = {
        state: make_verdict(claim=make_claim(article=article, quote=quote), author=fact_checker, reviewer=editor,
                            state=state, headline=f"Verdict {state}")
        for state, quote in (("draft", "2,700"), ("in_review", "Cendyn"), ("changes_requested", "email marketing"),
                             ("approved", "election-related moments"), ("published", "Alfa Bank"))
    }
    client.force_login(second_editor)
    page = client.get(reverse("desk:review"))
    assert page.status_code == 200
    content = page.content.decode()
    for state in ("in_review", "changes_requested", "approved"):
        assert f"Verdict {state}" in content
        assert f'{waiting[state].claim.get_absolute_url()}#verdict' in content
    assert "Verdict draft" not in content and "Verdict published" not in content
    assert 'href="/desk/review/" aria-current="page"' in content


def test_the_review_queue_runs_a_constant_number_of_queries(client, fact_checker, editor, second_editor):
    article = make_article()

    def grow(count):
        while Verdict.objects.count() < count:
            n = Verdict.objects.count()
            author = fact_checker if n % 2 else UserFactory(role="fact-checker")
            claim = make_claim(article=article, quote="2,700", claimant_name=f"Claimant {n}")
            make_verdict(claim=claim, author=author, reviewer=editor,
                         state=("in_review", "approved", "changes_requested")[n % 3])

    client.force_login(second_editor)
    grow(3)
    client.get(reverse("desk:review"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("desk:review"))
    grow(15)
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("desk:review"))
    assert page.content.decode().count('class="claim-link"') == 15
    assert len(large) == len(small)


def test_the_dashboard_shows_each_claims_verdict_state(client, fact_checker, editor, claim):
    make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="approved", rating="mostly-false")
    client.force_login(fact_checker)
    content = client.get(reverse("desk:dashboard")).content.decode()
    assert '<span class="badge verdict-approved">Approved</span> <span class="meta">Mostly False</span>' in content


def test_the_history_shows_who_changed_what_in_the_claim_its_evidence_and_verdict(
    client, fact_checker, editor, second_editor, claim
):
    client.force_login(fact_checker)
    client.post(reverse("desk:claim_edit", args=[claim.pk]), {
        "quote": claim.quote, "text": "Alfa Bank servers sent 2,700 look-ups", "claimant": "Franklin Foer",
        "claim_date": "", "date_precision": "day", "state": "researching", "dismissed_reason": "", "assignee": "",
    })
    item = make_evidence(claim=claim, stance="supports", title="Times story", excerpt="look-up messages",
                         user=fact_checker)
    evidence_services.evidence_update(item=item, user=fact_checker, stance="refutes")
    save_draft(client, claim)
    verdict = Verdict.objects.get(claim=claim)
    act(client, verdict, "submit")
    client.force_login(second_editor)
    act(client, verdict, "request-changes", comment="Cite it.")

    page = client.get(claim_url(claim)).content.decode()
    timeline = page[page.index('id="history"'):]
    assert "requested changes to the verdict" in timeline
    assert "Editor's comment" in page
    assert "submitted the verdict for review" in timeline
    assert "started a verdict draft" in timeline
    assert "edited evidence “Times story”" in timeline
    assert "<span class=\"timeline__field\">Stance</span>: <del>Supports</del>" in timeline
    assert "added evidence “Times story” (supports)" in timeline
    assert "<span class=\"timeline__field\">State</span>: <del>New</del>" in timeline
    assert "<ins>Researching</ins>" in timeline
    assert "<span class=\"timeline__field\">Claim as checked</span>" in timeline
    assert "logged the claim" in timeline
    # Newest first, each with who did it.
    assert timeline.index("requested changes") < timeline.index("submitted the verdict") < timeline.index("logged the claim")
    assert "<strong>editor2</strong> <a href=\"#verdict\">requested changes to the verdict</a>" in timeline
    assert "<strong>checker</strong> <a href=\"#evidence-" in timeline


def test_the_claim_page_keeps_a_constant_number_of_queries_as_history_grows(client, fact_checker, editor, second_editor):
    claim = make_claim(article=make_article())
    client.force_login(editor)

    def grow(rounds):
        for n in range(rounds):
            item = make_evidence(claim=claim, stance="supports", title=f"Item {n}", excerpt=f"Excerpt {n}.",
                                 user=fact_checker)
            evidence_services.evidence_update(item=item, user=editor, stance="refutes")
            claim_services.claim_update(claim=claim, text=f"Wording {n}", assignee=fact_checker if n % 2 else editor)
            old = make_verdict(claim=claim, author=fact_checker, reviewer=second_editor, state="published",
                               headline=f"Verdict {n}", rating=("true", "false")[n % 2])
            claim_services.verdict_act(verdict=old, user=editor, action="corrections", text=f"Fixed {n}.")
            claim_services.verdict_act(verdict=old, user=editor, action="retract", reason=f"Wrong {n}.")

    grow(2)
    client.get(claim_url(claim))
    with CaptureQueriesContext(connection) as small:
        client.get(claim_url(claim))
    grow(6)
    with CaptureQueriesContext(connection) as large:
        page = client.get(claim_url(claim))
    content = page.content.decode()
    assert content.count("retracted the verdict") == 8
    assert content.count("added a correction") == 8
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_a_long_review_queue_shows_the_longest_waiting_with_the_full_counts(client, fact_checker, editor, monkeypatch):
    from claims import views

    monkeypatch.setattr(views, "REVIEW_SECTION_SIZE", 3)
    article = make_article()
    verdicts = [
        make_verdict(claim=make_claim(article=article, quote="2,700"), author=fact_checker, reviewer=editor,
                     state="in_review", headline=f"Waiting {n}")
        for n in range(4)
    ]
    client.force_login(editor)
    content = client.get(reverse("desk:review")).content.decode()
    assert '<span class="count-pill">4</span>' in content
    assert "The 3 waiting longest are shown." in content
    assert [verdict.headline in content for verdict in verdicts] == [True, True, True, False]
