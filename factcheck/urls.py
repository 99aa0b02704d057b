from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # Readers arrive at the site root; the desk is at /desk/.
    path("", RedirectView.as_view(pattern_name="public:fact-checks", permanent=False)),
    path("desk/login/", auth_views.LoginView.as_view(), name="login"),
    path("desk/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("desk/", include("claims.urls")),
    path("api/v1/", include("factcheck.api_urls")),
    path("admin/", admin.site.urls),
    path("", include("claims.public_urls")),
]

# Under /api/ these answer JSON, elsewhere the site's pages.
handler400 = "factcheck.api_errors.bad_request"
handler404 = "factcheck.api_errors.not_found"
handler500 = "factcheck.api_errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
