from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from .favicon import favicon

# Redoc renders with styled-components (inline <style>), parses the schema in a blob: worker and
# shows Redocly's logo from its CDN (hidden when it cannot load, so the page still works offline).
redoc_csp = csp_update(
    {"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"], "img-src": ["https://cdn.redoc.ly"]}
)

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("events.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", redoc_csp(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
    path("api-auth/", include("rest_framework.urls")),
    path("", include("events.urls")),
]

handler500 = "cainfo.errors.server_error"
