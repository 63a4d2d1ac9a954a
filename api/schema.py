"""The OpenAPI schema: how the two ways in are described, and its introduction in Vietnamese."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "A key made by the portal's administrator for one client system: "
                "“Authorization: Bearer kg_…”. A key of the whole Ban reads what the Ban's leaders read; "
                "a unit's key what that unit's liaison officer reads."
            ),
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PortalSessionAuthentication"
    name = "portalSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": _("A person signed in to the portal reads with their own visibility."),
        }


COLUMN_LIMITS = {sign * 2**bits - (1 if sign > 0 else 0) for bits in (15, 31, 63) for sign in (1, -1)}


def _without_storage_limits(node):
    """Integer bounds and formats that DRF takes from the database's column types (32767 on
    PostgreSQL, none on SQLite) say nothing about what the API returns: left out, the schema is
    the same whichever database generated it."""
    if isinstance(node, dict):
        kind = node.get("type")
        if kind == "integer" or (isinstance(kind, list) and "integer" in kind):
            if node.get("maximum") in COLUMN_LIMITS:
                node.pop("maximum")
                node.pop("format", None)
            if node.get("minimum") in COLUMN_LIMITS:
                node.pop("minimum")
        for value in node.values():
            _without_storage_limits(value)
    elif isinstance(node, list):
        for value in node:
            _without_storage_limits(value)


def postprocess(result, generator, request, public):
    _without_storage_limits(result)
    result["info"]["description"] = _(
        "Read-only access to the khoa giáo portal's data for the systems of the Tỉnh ủy, the central Ban "
        "and the province: directives, units, coordination programmes, meetings, tasks and their updates, "
        "periodic reports and the dashboard's figures. Every list is paged by cursor in the order of the "
        "last change and takes updated_since= to read only what changed. Dates and times are ISO 8601 "
        "with the time zone. Any method but GET answers 405."
    )
    return result
