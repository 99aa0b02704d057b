"""Limits on guessing passwords and on hammering the API.

Logins (the desk's form, the admin's and the API's token endpoint) are counted by
django-axes in the database: after ``AXES_FAILURE_LIMIT`` failures for one user name,
or from one address, within the cool-off, every login of that name or from that
address is refused for the cool-off, the right password too. The database, not the
cache, keeps the count, so logging in keeps working while Redis is down.

The API is throttled by DRF's throttles, whose counters live in the shared cache
(Redis). A cache that does not answer must not turn API requests into errors: the
throttles here then let the request through and log a warning (fail open).
"""

import logging
from functools import wraps

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from redis.exceptions import RedisError
from rest_framework import throttling
from rest_framework.settings import api_settings

logger = logging.getLogger(__name__)


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first of the authentication backends: a locked-out user name or
    address is refused before its password is checked. Logins without a request (Django's
    test client, a script) come from no address and are left to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request: HttpRequest) -> str | None:
    """The client's address, as DRF's throttles see it: ``REMOTE_ADDR``, or with
    ``NUM_PROXIES`` set, the address the last trusted proxy put in X-Forwarded-For.
    django-axes uses it too (``AXES_CLIENT_IP_CALLABLE``), so both count the same client."""
    return throttling.BaseThrottle().get_ident(request)


def lockout_seconds() -> int:
    """How long a locked-out login stays refused (each refused try starts it again)."""
    return int(get_cool_off().total_seconds())


def lockout_message() -> str:
    minutes = max(1, round(lockout_seconds() / 60))
    return (
        f"Too many failed logins for this account or from this address: logging in is blocked "
        f"for {minutes} minutes. Ask an editor to unlock it sooner."
    )


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What a locked-out login on the desk's or the admin's form gets (``AXES_LOCKOUT_CALLABLE``):
    the login page saying why, 429 with Retry-After. (The API's token endpoint answers
    for itself: django-axes flags DRF's request, which this never sees.)"""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    response = render(request, "registration/login.html", {
        "form": AuthenticationForm(request, initial={"username": username}),
        "next": request.POST.get("next", ""), "lockout_message": lockout_message(),
    }, status=429)
    response["Retry-After"] = str(lockout_seconds())
    return response


class _FailOpen:
    """Reads the rates when asked (so that tests and settings overrides apply) and lets
    the request through when the cache holding the counters does not answer."""

    @property
    def THROTTLE_RATES(self):  # noqa: N802 (DRF's attribute name)
        return api_settings.DEFAULT_THROTTLE_RATES

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except RedisError as error:
            logger.warning("API throttling skipped for this request: the cache does not answer (%s)", error)
            return True


class AnonRateThrottle(_FailOpen, throttling.AnonRateThrottle):
    """Anonymous callers, per address (``API_THROTTLE_ANON``)."""


class UserRateThrottle(_FailOpen, throttling.UserRateThrottle):
    """Callers with a token or a session, per user (``API_THROTTLE_USER``)."""


class ScopedRateThrottle(_FailOpen, throttling.ScopedRateThrottle):
    """Views with a ``throttle_scope``: the token endpoint's ``login`` (``API_THROTTLE_LOGIN``)."""


def anonymous_rate(view):
    """Count anonymous requests against the ``anon`` rate before ``view``, which may answer
    them from the public page cache without reaching DRF (and its throttles): a cached
    answer is cheap, but the rate is the rate. Such a view leaves ``anon`` out of its
    ``throttle_classes``, so that a request is counted once."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        throttle = AnonRateThrottle()
        if not request.user.is_authenticated and not throttle.allow_request(request, None):
            wait = max(1, round(throttle.wait() or 1))
            response = JsonResponse(
                {"detail": f"Request was throttled. Expected available in {wait} seconds."}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return wrapper
