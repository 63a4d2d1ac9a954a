"""The OpenAPI schema and the documentation page: the API's reference written on the server from
that schema (api/reference.py), a portal page like the others, with no script."""

from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.views import SpectacularAPIView

from organizations.access import page

from .reference import reference
from .views import ReadOnlyMixin


class SchemaView(ReadOnlyMixin, SpectacularAPIView):
    """OpenAPI 3.1 as YAML (or JSON with "Accept: application/json" or ?format=json)."""


@page()
def documentation(request):
    return render(request, "api/docs.html", {"api": reference(), "schema_url": reverse("api:schema")})
