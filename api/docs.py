"""Swagger UI for the API, served from our own static files and without inline script or style.

drf-spectacular's split view delivers the initialising script from a second
request (`?script`), and drf-spectacular-sidecar ships the Swagger UI bundle as
static files, so the page works offline under the site's strict CSP.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
