"""The OpenAPI schema and the documentation page (Swagger UI from drf-spectacular-sidecar, served
from the portal's own static files: no CDN, and no inline script for the CSP to refuse)."""

from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.views import SpectacularAPIView

from organizations.access import page

from .views import ReadOnlyMixin


class SchemaView(ReadOnlyMixin, SpectacularAPIView):
    """OpenAPI 3.1 as YAML (or JSON with "Accept: application/json" or ?format=json)."""


@page()
def documentation(request):
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema") + "?format=json"})
