"""The REST API under /api/v1/: token login, the desk's resources, schema and docs."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import SimpleRouter
from rest_framework.settings import api_settings

from claims.api.fact_checks import FactCheckViewSet
from claims.api.views import ArticleViewSet, ClaimViewSet
from evidence.api.views import EvidenceViewSet


@extend_schema(auth=[])
class TokenView(ObtainAuthToken):
    """Trade a username and password for the user's API token (400 when they do not match)."""

    # DRF's view names its own parsers; this one gets the API's (deep JSON is refused).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES


router = SimpleRouter(use_regex_path=False)
router.register("articles", ArticleViewSet, basename="api-article")
router.register("claims", ClaimViewSet, basename="api-claim")
router.register("evidence", EvidenceViewSet, basename="api-evidence")
router.register("fact-checks", FactCheckViewSet, basename="api-fact-check")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]
