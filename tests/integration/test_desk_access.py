"""Who may open the desk: logged-in fact-checkers and editors only."""

import pytest
from django.urls import reverse

from tests.factories import make_claim, make_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    claim = make_claim()
    item = make_evidence(claim=claim, excerpt="Two servers sent look-ups.")
    return [
        reverse("desk:dashboard"),
        reverse("desk:articles"),
        reverse("desk:article_create"),
        reverse("desk:article", args=[claim.article_id]),
        reverse("desk:article_edit", args=[claim.article_id]),
        reverse("desk:claim", args=[claim.pk]),
        reverse("desk:claim_checks", args=[claim.pk]),
        reverse("desk:evidence_edit", args=[item.pk]),
        reverse("desk:evidence_remove", args=[item.pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_users_outside_the_desk_get_403(client, outsider, pages):
    client.force_login(outsider)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 403, url
    assert "not a member of the desk" in response.content.decode()


def test_fact_checkers_and_editors_open_every_page(client, fact_checker, editor, pages):
    for user in (fact_checker, editor):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)


def test_actions_refuse_outsiders_and_change_nothing(client, outsider):
    claim = make_claim()
    client.force_login(outsider)
    response = client.post(reverse("desk:note_add", args=[claim.pk]), {"text": "sneaky"})
    assert response.status_code == 403
    assert claim.notes.count() == 0


def test_login_page_logs_in_and_lands_on_the_dashboard(client, fact_checker):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()
    response = client.post(reverse("login"), {"username": "checker", "password": "correct horse battery"})
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:dashboard")


def test_a_wrong_password_says_so(client, fact_checker):
    response = client.post(reverse("login"), {"username": "checker", "password": "wrong"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()


def test_logout_is_a_post_from_the_header(checker_client):
    page = checker_client.get(reverse("desk:dashboard")).content.decode()
    assert f'action="{reverse("logout")}"' in page
    response = checker_client.post(reverse("logout"))
    assert response.status_code == 302
    assert checker_client.get(reverse("desk:dashboard")).status_code == 302


def test_the_header_links_admin_for_staff_only(client, fact_checker):
    client.force_login(fact_checker)
    assert reverse("admin:index") not in client.get(reverse("desk:dashboard")).content.decode()
    fact_checker.is_staff = True
    fact_checker.save()
    assert reverse("admin:index") in client.get(reverse("desk:dashboard")).content.decode()


def test_pages_carry_the_csrf_token_for_htmx(checker_client):
    page = checker_client.get(reverse("desk:dashboard")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    assert "vendor/htmx.min.js" in page


def test_unknown_ids_are_404_with_the_desks_page(checker_client):
    response = checker_client.get(reverse("desk:claim", args=[999999]))
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()
    assert checker_client.get(reverse("desk:article", args=[999999])).status_code == 404
    assert checker_client.get(reverse("desk:evidence_edit", args=[999999])).status_code == 404
