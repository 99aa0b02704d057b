"""Login lockout (issue 15): repeated wrong passwords lock a user name, and an address,
out of the desk's login form, the admin's and the API's token endpoint, the right
password included, until the cool-off ends or an editor unlocks them.

The settings are the shipped defaults (10 failures, 15 minutes); the failures are
real logins through the real views, counted by django-axes in the test database.
"""

import socket
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
LIMIT = settings.AXES_FAILURE_LIMIT
LOCKOUT_SECONDS = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
HOME, AWAY = "198.51.100.7", "203.0.113.9"  # documentation addresses: no traffic goes there


def desk_login(username: str, password: str, *, address: str = HOME):
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response, client


def token_login(username: str, password: str, *, address: str = HOME):
    return Client(REMOTE_ADDR=address).post("/api/v1/auth/token/", {"username": username, "password": password})


def fail(times: int, username: str, *, address: str = HOME, login=desk_login) -> None:
    """``times`` wrong passwords; the one that reaches the limit is answered 429 already."""
    for _ in range(times):
        response = login(username, "wrong password", address=address)
        response = response[0] if isinstance(response, tuple) else response
        assert response.status_code in (200, 400, 429), response.status_code


@pytest.fixture
def checker(db):
    return UserFactory(username="casey", role="fact-checker")


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_is_refused_after_repeated_failures_on_the_desk(checker):
    fail(LIMIT, "casey")
    response, client = desk_login("casey", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == LOCKOUT_SECONDS
    page = response.content.decode()
    assert "Too many failed logins for this account or from this address" in page
    assert "Ask an editor to unlock it sooner." in page
    assert 'name="username"' in page and 'value="casey"' in page  # the login page, not a bare text
    assert not logged_in(client)


def test_the_failure_that_reaches_the_limit_says_so(checker):
    fail(LIMIT - 1, "casey")
    response, _ = desk_login("casey", "wrong password")
    assert response.status_code == 429 and "Too many failed logins" in response.content.decode()


def test_one_failure_less_than_the_limit_still_logs_in(checker):
    fail(LIMIT - 1, "casey")
    response, client = desk_login("casey", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_the_right_password_is_refused_after_repeated_failures_on_the_token_endpoint(checker):
    fail(LIMIT, "casey", login=token_login)
    response = token_login("casey", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == LOCKOUT_SECONDS
    assert "Too many failed logins" in response.json()["detail"]
    assert "token" not in response.json()


def test_failures_on_one_door_lock_the_others(checker):
    """The desk's form, the admin's and the token endpoint count together."""
    fail(LIMIT // 2, "casey", login=token_login)
    fail(LIMIT - LIMIT // 2, "casey")
    response = Client(REMOTE_ADDR=HOME).post(
        reverse("admin:login"), {"username": "casey", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 429
    assert token_login("casey", PASSWORD).status_code == 429


def test_an_account_is_locked_from_every_address(checker):
    for n in range(LIMIT):
        fail(1, "casey", address=f"192.0.2.{n + 1}")
    assert desk_login("casey", PASSWORD, address=AWAY)[0].status_code == 429


def test_an_address_is_locked_for_every_account(checker):
    UserFactory(username="erin", role="editor")
    for n in range(LIMIT):
        fail(1, f"guess{n}", address=AWAY)
    assert desk_login("erin", PASSWORD, address=AWAY)[0].status_code == 429
    # The same person elsewhere, and others, are not locked out.
    assert desk_login("erin", PASSWORD, address=HOME)[0].status_code == 302
    assert desk_login("casey", PASSWORD, address=HOME)[0].status_code == 302


def test_a_successful_login_clears_the_failures(checker):
    fail(LIMIT - 1, "casey")
    assert desk_login("casey", PASSWORD)[0].status_code == 302
    fail(LIMIT - 1, "casey")
    assert desk_login("casey", PASSWORD)[0].status_code == 302


def test_the_lockout_ends_after_the_cool_off(checker):
    fail(LIMIT, "casey")
    assert desk_login("casey", PASSWORD)[0].status_code == 429
    # Each refused try starts the cool-off again; let it pass since the last one.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    response, client = desk_login("casey", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_an_editor_unlocks_an_account_in_the_admin(checker):
    fail(LIMIT, "casey", address=HOME)
    fail(1, "casey", address=AWAY)
    editor = UserFactory(username="erin", role="editor", is_staff=True)
    admin = Client()
    admin.force_login(editor)
    changelist = reverse("admin:axes_accessattempt_changelist")
    listing = admin.get(changelist, {"q": "casey"})
    assert listing.status_code == 200 and "casey" in listing.content.decode()
    assert "Unlock: forget these failed logins" in listing.content.decode()
    response = admin.post(changelist, {
        "action": "unlock", "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
    })
    assert response.status_code == 302
    assert any("They can log in again now." in str(m) for m in get_messages(response.wsgi_request))
    response, client = desk_login("casey", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_fact_checkers_cannot_unlock(checker):
    fail(LIMIT, "casey")
    staff_checker = UserFactory(username="finn", role="fact-checker", is_staff=True)
    admin = Client()
    admin.force_login(staff_checker)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert admin.get(changelist).status_code == 403
    admin.post(changelist, {"action": "unlock", "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True))})
    assert desk_login("casey", PASSWORD)[0].status_code == 429


def test_lockouts_work_while_the_cache_is_down(checker):
    """The failures are counted in the database: a Redis outage neither stops logins
    nor lifts a lockout."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once the socket is closed
    dead_cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                              "LOCATION": f"redis://127.0.0.1:{port}/0"}}
    with override_settings(CACHES=dead_cache):
        assert desk_login("casey", PASSWORD)[0].status_code == 302
        fail(LIMIT, "casey")
        assert desk_login("casey", PASSWORD)[0].status_code == 429
        assert token_login("casey", PASSWORD).status_code == 429
