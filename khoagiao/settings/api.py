"""The read-only JSON API (api/): Django REST framework and its OpenAPI schema."""

from .environment import env

# Read-only JSON under /api/v1/ for the systems of the Tỉnh ủy and the central Ban: an API key
# per client system (made by an admin in the admin site), or a signed-in user's own session.
REST_FRAMEWORK = {
    # The key first: an anonymous request is then answered 401 with "WWW-Authenticate: Bearer".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "api.authentication.PortalSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env("PORTAL_API_RATE", default="600/min")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ChangeCursorPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON only: DRF's browsable pages would need inline scripts the CSP forbids; people read the
    # documentation page (Swagger UI) instead.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API khoa giáo",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Each app's choices under its own name (several are called "status" or "kind").
    "ENUM_NAME_OVERRIDES": {
        "DirectiveStatusEnum": "directives.models.Directive.Status",
        "AgreementStatusEnum": "agreements.models.CoordinationAgreement.Status",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "ConclusionStatusEnum": "meetings.models.Conclusion.Status",
        "ReportStatusEnum": "reports.models.Report.Status",
        "OrganizationKindEnum": "organizations.models.Organization.Kind",
        "OrganizationChangeKindEnum": "organizations.models.OrganizationChange.Kind",
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
        "ReportKindEnum": "reports.models.Report.Kind",
        "MilestoneKindEnum": "directives.models.ReviewMilestone.Kind",
        "TaskUpdateKindEnum": "assignments.models.TaskUpdate.Kind",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.postprocess"],
    "PREPROCESSING_HOOKS": [],
    "SORT_OPERATIONS": True,
    "SORT_OPERATION_PARAMETERS": True,
}
# An API key's "last used" is written at most this often (seconds): not one write per request.
API_KEY_LAST_USED_RESOLUTION = env.int("PORTAL_API_KEY_LAST_USED_SECONDS", default=60)
