"""The read-only API. Every queryset starts at `visible_to(request.user)`, where the user is a
signed-in person or an API key's viewer (api.models.KeyViewer): the same rules as the pages.

A request is answered in the portal's order (organizations.access.page): 401 without a valid key
or session; then, on a record's address, 404 if the record is not visible, whatever the method;
then 405 for any method but GET and HEAD."""

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.models import AgreementItem, CoordinationAgreement
from assignments.models import Task, TaskAttachment, TaskUpdate
from directives.models import Directive, ReviewMilestone
from khoagiao.files import private_file_response
from khoagiao.periods import KIND_CHOICES
from khoagiao.scoping import in_province
from meetings.models import Conclusion, Meeting, MeetingReport
from organizations.access import may_see_unit
from organizations.models import Field, Organization
from reports.dashboard import Filters, build_dashboard
from reports.models import Report
from signatures.views import report_record

from . import examples, filters
from .figures import FiguresSerializer, ReportDocumentSerializer, document_data, figures_data
from .models import KeyViewer
from .serializers import (
    AgreementSerializer,
    DirectiveSerializer,
    MeetingSerializer,
    OrganizationSerializer,
    ReportSerializer,
    TaskSerializer,
    TaskUpdateSerializer,
)

READ_METHODS = ("GET", "HEAD")
ONE_RECORD = _(
    "One record, when this key or user may see it; 404 otherwise, as for a record that does not exist."
)


class ReadOnlyMixin:
    """No method that writes exists here: anything but GET and HEAD is 405, after authentication
    and, on a record's address, after the record was found visible (else 404)."""

    http_method_names = ["get", "head"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A key is found before its province is known (api.authentication); from here on the
        # request reads its key's province, as a person's request reads theirs (the middleware).
        if isinstance(request.user, KeyViewer):
            request._key_scope = in_province(request.user.province_id)
            request._key_scope.__enter__()
        lookup = getattr(self, "lookup_url_kwarg", None) or getattr(self, "lookup_field", None)
        if request.method not in READ_METHODS and lookup in kwargs:
            self.get_object()

    def finalize_response(self, request, response, *args, **kwargs):
        scope = getattr(request, "_key_scope", None)
        if scope is not None:
            del request._key_scope
            scope.__exit__(None, None, None)
        response = super().finalize_response(request, response, *args, **kwargs)
        # What a key or a person may see must not stay in a shared cache.
        response.setdefault("Cache-Control", "no-store")
        response.setdefault("Vary", "Authorization, Cookie")
        return response


class ReadOnlyViewSet(ReadOnlyMixin, viewsets.ReadOnlyModelViewSet):
    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def prepare(self, rows):
        """Load what the rows of one page show, in a fixed number of queries."""

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.prepare(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self.prepare([obj])
        return Response(self.get_serializer(obj).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("Units"), description=_("Units (đơn vị) with their mergers, renames and splits.")
    ),
    retrieve=extend_schema(summary=_("One unit"), description=ONE_RECORD),
)
class OrganizationViewSet(ReadOnlyViewSet):
    model = Organization
    serializer_class = OrganizationSerializer
    filterset_class = filters.OrganizationApiFilter

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "changes__predecessors",
                "changes__successors",
                "became_from__predecessors",
                "became_from__successors",
            )
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Directives"),
        description=_(
            "The register of directives with their numbers, issuing bodies, fields and review milestones. "
            "A classified directive (độ mật) shows its register line only."
        ),
    ),
    retrieve=extend_schema(summary=_("One directive"), description=ONE_RECORD),
)
class DirectiveViewSet(ReadOnlyViewSet):
    model = Directive
    serializer_class = DirectiveSerializer
    filterset_class = filters.DirectiveApiFilter

    def get_queryset(self):
        milestones = ReviewMilestone.objects.visible_to(self.request.user).order_by("due_on", "id")
        return (
            super()
            .get_queryset()
            .select_related("issuing_body")
            .prefetch_related("fields", Prefetch("milestones", queryset=milestones))
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Coordination programmes"),
        description=_("Coordination programmes under Quy chế 238-QĐ/TW, with their items."),
    ),
    retrieve=extend_schema(summary=_("One coordination programme"), description=ONE_RECORD),
)
class AgreementViewSet(ReadOnlyViewSet):
    model = CoordinationAgreement
    serializer_class = AgreementSerializer
    filterset_class = filters.AgreementApiFilter

    def get_queryset(self):
        items = (
            AgreementItem.objects.visible_to(self.request.user)
            .select_related("lead")
            .prefetch_related("cooperating")
            .order_by("order", "id")
        )
        return (
            super()
            .get_queryset()
            .select_related("basis", "ban")
            .prefetch_related("partners", Prefetch("items", queryset=items, to_attr="api_items"))
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Meetings"),
        description=_(
            "Giao ban and other meetings: period, date, the units' reports (completeness and timeliness) "
            "and the state of the conclusion."
        ),
    ),
    retrieve=extend_schema(summary=_("One meeting"), description=ONE_RECORD),
)
class MeetingViewSet(ReadOnlyViewSet):
    model = Meeting
    serializer_class = MeetingSerializer
    filterset_class = filters.MeetingApiFilter

    def get_queryset(self):
        viewer = self.request.user
        return (
            super()
            .get_queryset()
            .select_related("organizer")
            .prefetch_related(
                Prefetch("invited", queryset=Organization.objects.order_by("name"), to_attr="api_invited"),
                Prefetch("reports", queryset=MeetingReport.objects.visible_to(viewer), to_attr="api_reports"),
                Prefetch(
                    "conclusion", queryset=Conclusion.objects.visible_to(viewer), to_attr="api_conclusion"
                ),
            )
        )

    def prepare(self, rows):
        viewer = self.request.user
        for meeting in rows:
            # Whose report state is this viewer's to know: every unit for the Ban, its own for a unit.
            meeting.api_report_units = [unit for unit in meeting.api_invited if may_see_unit(viewer, unit.pk)]


@extend_schema_view(
    list=extend_schema(
        summary=_("Tasks"),
        description=_(
            "Tasks with their lead and cooperating units, source, due date, status, progress and latest "
            "update. The filters are those of the task list page."
        ),
    ),
    retrieve=extend_schema(summary=_("One task"), description=ONE_RECORD),
)
class TaskViewSet(ReadOnlyViewSet):
    model = Task
    serializer_class = TaskSerializer
    filterset_class = filters.TaskApiFilter

    def get_queryset(self):
        latest = TaskUpdate.objects.filter(task=OuterRef("pk")).order_by("-reported_on", "-created_at", "-id")
        return (
            super()
            .get_queryset()
            .with_bucket(timezone.localdate())
            .select_related("lead", "field", "directive", "meeting", "agreement_item")
            .prefetch_related("cooperating")
            .annotate(last_update_id=Subquery(latest.values("id")[:1]))
        )

    def prepare(self, rows):
        ids = [task.last_update_id for task in rows if task.last_update_id]
        updates = TaskUpdate.objects.visible_to(self.request.user).select_related("organization")
        self.last_updates = updates.in_bulk(ids) if ids else {}

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "last_updates": getattr(self, "last_updates", {})}


@extend_schema_view(
    list=extend_schema(
        summary=_("Progress updates"),
        description=_(
            "The progress updates of the tasks, newest last: text and the names of the attached files, "
            "never the files. An update is never changed once posted: updated_since reads the time it was "
            "posted."
        ),
    ),
    retrieve=extend_schema(summary=_("One progress update"), description=ONE_RECORD),
)
class TaskUpdateViewSet(ReadOnlyViewSet):
    model = TaskUpdate
    serializer_class = TaskUpdateSerializer
    filterset_class = filters.TaskUpdateApiFilter
    change_ordering = ("created_at", "id")

    def get_queryset(self):
        files = TaskAttachment.objects.visible_to(self.request.user).order_by("pk")
        return (
            super()
            .get_queryset()
            .select_related("organization")
            .prefetch_related(Prefetch("attachments", queryset=files))
        )


class PdfRenderer(BaseRenderer):
    """Lets a client ask for the PDF with "Accept: application/pdf"; the file is sent as it is."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


@extend_schema_view(
    list=extend_schema(
        summary=_("Periodic reports"),
        description=_(
            "The Ban's generated reports (PDF) with their status. Only the Ban's keys and users read them; "
            "a unit's key gets an empty list."
        ),
    ),
    retrieve=extend_schema(summary=_("One periodic report"), description=ONE_RECORD),
)
class ReportViewSet(ReadOnlyViewSet):
    model = Report
    serializer_class = ReportSerializer
    filterset_class = filters.ReportApiFilter

    def get_queryset(self):
        return super().get_queryset().select_related("organization", "directive", "issued_document")

    @extend_schema(
        summary=_("The report's PDF"),
        description=_(
            "The document of record: the signed PDF once signed, else the PDF as rendered; "
            "404 until it is ready."
        ),
        filters=False,
        responses={(200, "application/pdf"): bytes},
    )
    @action(detail=True, url_path="pdf", url_name="pdf", renderer_classes=[JSONRenderer, PdfRenderer])
    def pdf(self, request, pk=None):
        report = self.get_object()
        if report.status != Report.Status.READY:
            raise NotFound(_("The PDF of this report is not ready."))
        signed = report_record(report)
        if signed is not None:
            return signed
        return private_file_response(report.file, report.download_name(), content_type="application/pdf")

    @extend_schema(
        summary=_("The report as a JSON document"),
        description=_(
            "The content of the report, section by section, computed by the same code as the PDF for the "
            "report's period, scope and date: the numbers are the PDF's."
        ),
        filters=False,
        responses=ReportDocumentSerializer,
        examples=[examples.REPORT_DOCUMENT],
    )
    @action(detail=True, url_path="document", url_name="document", pagination_class=None)
    def document(self, request, pk=None):
        report = self.get_object()
        return Response(ReportDocumentSerializer(document_data(report, request.user)).data)


# --- the dashboard's figures ----------------------------------------------------------------------


class FiguresQuerySerializer(serializers.Serializer):
    """The dashboard's filter bar (reports/forms.py), by the same names."""

    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text=_("Default: this year.")
    )
    period = serializers.ChoiceField(
        required=False,
        allow_blank=True,
        choices=[(kind, label) for kind, label in KIND_CHOICES if kind != "Y"],
        help_text=_("Q1, H1, 9M or Q2–Q4; empty for the whole year."),
    )
    field = serializers.PrimaryKeyRelatedField(required=False, queryset=Field.objects.all())
    unit = serializers.PrimaryKeyRelatedField(
        required=False, queryset=Organization.objects.none(), help_text=_("Tasks this unit leads.")
    )
    directive = serializers.PrimaryKeyRelatedField(
        required=False, queryset=Directive.objects.none(), help_text=_("Tasks from this directive.")
    )
    as_of = serializers.DateField(
        required=False, help_text=_("Count the statuses as on this day; default today.")
    )

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Made here, in the request's province scope: a queryset made at import keeps the scope of
        # that moment (organizations.access.page says more).
        self.fields["unit"].queryset = Organization.objects.all()
        if viewer is not None:
            self.fields["directive"].queryset = Directive.objects.visible_to(viewer)


class FiguresView(ReadOnlyMixin, APIView):
    @extend_schema(
        summary=_("Dashboard figures"),
        description=_(
            "The figures of the dashboard (Tổng quan) for a period: tasks by status, by lead unit, by field, "
            "by directive and by quarter, and who has reported to the giao ban. Computed by the same code "
            "as the dashboard and the report PDF, with this key's or user's visibility."
        ),
        parameters=[FiguresQuerySerializer],
        responses=FiguresSerializer,
        examples=[examples.FIGURES],
    )
    def get(self, request):
        query = FiguresQuerySerializer(data=request.query_params, viewer=request.user)
        if not query.is_valid():
            raise ValidationError(query.errors)
        data = query.validated_data
        today = data.get("as_of") or timezone.localdate()
        chosen = Filters(
            year=data.get("year") or today.year,
            kind=data.get("period") or "",
            field=data.get("field"),
            unit=data.get("unit"),
            directive=data.get("directive"),
        )
        dashboard = build_dashboard(request.user, chosen, today=today)
        return Response(FiguresSerializer(figures_data(dashboard)).data, status=status.HTTP_200_OK)
