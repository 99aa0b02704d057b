"""The API's token login, with the same lockout as the desk's login form."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.settings import api_settings

from .throttling import AnonRateThrottle, ScopedRateThrottle, lockout_message, lockout_seconds


@extend_schema(auth=[])
class TokenLoginView(ObtainAuthToken):
    """``POST username, password`` → ``{"token"}``. Throttled per address (the ``login``
    scope, besides the anonymous rate); a user name or address locked out by django-axes
    answers 429 with Retry-After and the reason in ``detail``, the right password too."""

    throttle_classes = (AnonRateThrottle, ScopedRateThrottle)
    throttle_scope = "login"
    # DRF's view names its own parsers; this one gets the API's (deep JSON is refused).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except serializers.ValidationError:
            # django-axes flags the request it was given: DRF's, not Django's.
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(wait=lockout_seconds()) from None
            raise


class LockedOut(exceptions.Throttled):
    def __init__(self, wait: int):
        super().__init__(wait=wait)
        self.detail = lockout_message()


token_login = TokenLoginView.as_view()
