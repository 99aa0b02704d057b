"""The REST API under /api/v1/: token login, the desk's resources, schema and docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from claims.api.fact_checks import FactCheckViewSet
from claims.api.views import ArticleViewSet, ClaimViewSet
from evidence.api.views import EvidenceViewSet

from .api_auth import token_login

router = SimpleRouter(use_regex_path=False)
router.register("articles", ArticleViewSet, basename="api-article")
router.register("claims", ClaimViewSet, basename="api-claim")
router.register("evidence", EvidenceViewSet, basename="api-evidence")
router.register("fact-checks", FactCheckViewSet, basename="api-fact-check")

urlpatterns = [
    path("auth/token/", token_login, name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]
