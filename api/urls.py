"""/api/v1/: the read-only API, its OpenAPI schema and its documentation page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from rest_framework.routers import SimpleRouter

from . import docs, views

app_name = "api"

router = SimpleRouter(trailing_slash=True)
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("directives", views.DirectiveViewSet, basename="directive")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("task-updates", views.TaskUpdateViewSet, basename="task-update")
router.register("reports", views.ReportViewSet, basename="report")

# The API answers 401 itself (a client system has no sign-in page to be sent to).
api_patterns = [
    *router.urls,
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
]
for pattern in api_patterns:
    pattern.callback = login_not_required(pattern.callback)

urlpatterns = [
    *api_patterns,
    # A page for people: behind the portal's sign-in like every other page.
    path("docs/", docs.documentation, name="docs"),
]
