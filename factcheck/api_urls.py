"""The REST API under /api/v1/: token login, the desk's resources, schema and docs."""

from django.conf import settings
from django.urls import path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
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
    # The split view serves its start-up script as a file: the CSP forbids inline script.
    # Swagger UI draws its icons as data: images.
    path("docs/", csp_override({**settings.SECURE_CSP, "img-src": [CSP.SELF, "data:"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    *router.urls,
]
