"""What the API says about each record. Read-only; every nested row comes from a queryset the
view built with visible_to (api/views.py), never from a relation walked here."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import AgreementItem, CoordinationAgreement
from assignments.models import Bucket, Task, TaskUpdate
from directives.models import Directive, ReviewMilestone
from meetings.models import Conclusion, Meeting
from organizations.models import Field, Organization, OrganizationChange
from reports.models import Report

# --- references ----------------------------------------------------------------------------------


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "code", "name", "short_name"]


class FieldRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "code", "name"]


class DirectiveRefSerializer(serializers.ModelSerializer):
    """A directive as a source: its register line (number, date, classification) only."""

    class Meta:
        model = Directive
        fields = ["id", "number", "issued_on", "classification"]


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The period as 2026-Q1, 2026-H1, 2026-9M or 2026-Y."))
    name = serializers.CharField(help_text=_("Its name as documents write it."))
    start = serializers.DateField()
    end = serializers.DateField()

    def to_representation(self, period):
        return {"code": str(period), "name": period.name, "start": period.start, "end": period.end}


def portal_url(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


# --- organisations -------------------------------------------------------------------------------


class OrganizationChangeSerializer(serializers.ModelSerializer):
    before = UnitRefSerializer(source="predecessors", many=True)
    after = UnitRefSerializer(source="successors", many=True)

    class Meta:
        model = OrganizationChange
        fields = ["id", "kind", "effective_on", "legal_basis", "note", "before", "after"]


class OrganizationSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True)
    history = serializers.SerializerMethodField(
        help_text=_("The mergers, renames, splits and dissolutions this unit took part in, oldest first.")
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "symbol",
            "kind",
            "level",
            "parent",
            "valid_from",
            "valid_to",
            "history",
            "updated_at",
        ]

    @extend_schema_field(OrganizationChangeSerializer(many=True))
    def get_history(self, organization):
        changes = {c.pk: c for c in [*organization.changes.all(), *organization.became_from.all()]}
        ordered = sorted(changes.values(), key=lambda c: (c.effective_on, c.pk))
        return OrganizationChangeSerializer(ordered, many=True).data


# --- directives ----------------------------------------------------------------------------------


class MilestoneSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField(help_text=_("done, overdue, soon (within 60 days) or planned."))

    class Meta:
        model = ReviewMilestone
        fields = [
            "id",
            "kind",
            "title",
            "covers_from",
            "covers_to",
            "due_on",
            "done_on",
            "state",
            "result_note",
        ]

    @extend_schema_field({"type": "string", "enum": ["done", "overdue", "soon", "planned"]})
    def get_state(self, milestone):
        return milestone.state_on(timezone.localdate())


# Of a classified directive (độ mật) nothing is given beyond its line in the register.
REGISTER_LINE = {"id", "number", "doc_type", "issuing_body", "term", "issued_on", "title", "classification"}
REGISTER_LINE |= {"status", "updated_at", "url"}


class DirectiveSerializer(serializers.ModelSerializer):
    issuing_body = UnitRefSerializer()
    milestones = MilestoneSerializer(many=True)
    url = serializers.SerializerMethodField(help_text=_("The directive's page on the portal."))

    class Meta:
        model = Directive
        fields = [
            "id",
            "number",
            "doc_type",
            "issuing_body",
            "term",
            "issued_on",
            "effective_on",
            "signer",
            "title",
            "summary",
            "fields",
            "status",
            "classification",
            "milestones",
            "updated_at",
            "url",
        ]

    def get_fields(self):
        fields = super().get_fields()
        for name in ("effective_on", "signer", "summary", "fields", "milestones"):
            fields[name].help_text = _("Empty for a classified directive: only its register line is given.")
        return fields

    def get_url(self, directive) -> str:
        return portal_url(self, directive.get_absolute_url())

    def to_representation(self, directive):
        data = super().to_representation(directive)
        if directive.is_classified:
            empty = {"effective_on": None, "signer": "", "summary": "", "fields": [], "milestones": []}
            data = {name: (value if name in REGISTER_LINE else empty[name]) for name, value in data.items()}
        return data


# "fields" (lĩnh vực) cannot be a class attribute: it is the name of the serializer's own fields.
DirectiveSerializer._declared_fields["fields"] = FieldRefSerializer(many=True)


# --- coordination programmes -----------------------------------------------------------------------


class AgreementItemSerializer(serializers.ModelSerializer):
    lead = UnitRefSerializer()
    cooperating = UnitRefSerializer(many=True)

    class Meta:
        model = AgreementItem
        fields = ["id", "order", "content", "lead", "cooperating", "timeline"]


class AgreementSerializer(serializers.ModelSerializer):
    basis = DirectiveRefSerializer()
    ban = UnitRefSerializer()
    partners = UnitRefSerializer(many=True)
    items = AgreementItemSerializer(many=True, source="api_items")
    url = serializers.SerializerMethodField()

    class Meta:
        model = CoordinationAgreement
        fields = [
            "id",
            "number",
            "title",
            "basis",
            "ban",
            "partners",
            "starts_on",
            "ends_on",
            "signed_on",
            "signed_place",
            "status",
            "summary",
            "items",
            "updated_at",
            "url",
        ]

    def get_url(self, agreement) -> str:
        from django.urls import reverse

        return portal_url(self, reverse("agreements:detail", args=[agreement.pk]))


# --- meetings ------------------------------------------------------------------------------------


class UnitReportStateSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    state = serializers.ChoiceField(
        choices=["on_time", "late", "draft", "missing"],
        help_text=_(
            "on_time: submitted by the deadline; late: submitted after it; draft: begun, not submitted; "
            "missing: nothing submitted."
        ),
    )
    submitted_at = serializers.DateTimeField(allow_null=True)


class ReportingSerializer(serializers.Serializer):
    invited = serializers.IntegerField(help_text=_("Invited units this key or user may see the report of."))
    submitted = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField(help_text=_("Invited units that have submitted nothing."))
    units = UnitReportStateSerializer(many=True)


class ConclusionStateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Conclusion.Status.choices)
    number = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)


class MeetingSerializer(serializers.ModelSerializer):
    period = PeriodSerializer(allow_null=True)
    organizer = UnitRefSerializer()
    invited = UnitRefSerializer(many=True, source="api_invited")
    reporting = serializers.SerializerMethodField(
        help_text=_(
            "The units' reports to the meeting: the Ban's keys and users see every invited unit, a "
            "unit's key or liaison its own unit only."
        )
    )
    conclusion = serializers.SerializerMethodField(
        help_text=_("The conclusion notice, when there is one this key or user may read.")
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "period",
            "starts_at",
            "place",
            "organizer",
            "chair_name",
            "chair_position",
            "status",
            "report_due_on",
            "invited",
            "reporting",
            "conclusion",
            "updated_at",
            "url",
        ]

    @extend_schema_field(ReportingSerializer)
    def get_reporting(self, meeting):
        reports = {r.organization_id: r for r in meeting.api_reports}
        units = []
        for unit in meeting.api_report_units:
            report = reports.get(unit.pk)
            if report is None:
                state = "missing"
            elif not report.is_submitted:
                state = "draft"
            else:
                report.meeting = meeting  # is_late reads the deadline from the meeting in hand
                state = "late" if report.is_late else "on_time"
            units.append(
                {"unit": unit, "state": state, "submitted_at": report.submitted_at if report else None}
            )
        counted = [row["state"] for row in units]
        return ReportingSerializer(
            {
                "invited": len(units),
                "submitted": counted.count("on_time") + counted.count("late"),
                "on_time": counted.count("on_time"),
                "late": counted.count("late"),
                "missing": len(units) - counted.count("on_time") - counted.count("late"),
                "units": units,
            }
        ).data

    @extend_schema_field(ConclusionStateSerializer(allow_null=True))
    def get_conclusion(self, meeting):
        conclusion = meeting.api_conclusion
        if conclusion is None:
            return None
        return ConclusionStateSerializer(conclusion).data

    def get_url(self, meeting) -> str:
        return portal_url(self, meeting.get_absolute_url())


# --- tasks ---------------------------------------------------------------------------------------


class MeetingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "title", "starts_at"]


class AgreementItemRefSerializer(serializers.ModelSerializer):
    agreement = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = AgreementItem
        fields = ["id", "agreement", "order"]


class LastUpdateSerializer(serializers.ModelSerializer):
    organization = UnitRefSerializer()

    class Meta:
        model = TaskUpdate
        fields = ["id", "kind", "reported_on", "organization", "progress", "created_at"]


class TaskSerializer(serializers.ModelSerializer):
    directive = DirectiveRefSerializer(allow_null=True)
    meeting = MeetingRefSerializer(allow_null=True)
    agreement_item = AgreementItemRefSerializer(allow_null=True)
    lead = UnitRefSerializer()
    cooperating = UnitRefSerializer(many=True)
    field = FieldRefSerializer(allow_null=True)
    bucket = serializers.ChoiceField(
        choices=Bucket.choices, help_text=_("The follow-up status on today's date (the same as the pages).")
    )
    progress = serializers.IntegerField(
        source="shown_progress", allow_null=True, help_text=_("Percent; null for a cancelled task.")
    )
    last_update = serializers.SerializerMethodField(help_text=_("The latest progress update, if any."))
    url = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "directive",
            "meeting",
            "agreement_item",
            "lead",
            "cooperating",
            "field",
            "assigned_on",
            "due_on",
            "completed_on",
            "cancelled_on",
            "bucket",
            "progress",
            "last_update",
            "created_at",
            "updated_at",
            "url",
        ]

    @extend_schema_field(LastUpdateSerializer(allow_null=True))
    def get_last_update(self, task):
        update = self.context.get("last_updates", {}).get(getattr(task, "last_update_id", None))
        return LastUpdateSerializer(update).data if update else None

    def get_url(self, task) -> str:
        from django.urls import reverse

        return portal_url(self, reverse("assignments:detail", args=[task.pk]))


class AttachmentNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text=_("Bytes."))


class TaskUpdateSerializer(serializers.ModelSerializer):
    organization = UnitRefSerializer()
    attachments = AttachmentNameSerializer(
        many=True, help_text=_("The files' names only: the files themselves are on the portal.")
    )

    class Meta:
        model = TaskUpdate
        fields = [
            "id",
            "task",
            "kind",
            "reported_on",
            "organization",
            "text",
            "progress",
            "marks_done",
            "attachments",
            "created_at",
        ]


# --- reports -------------------------------------------------------------------------------------


class SignatureSerializer(serializers.Serializer):
    """What the report's page says about its signature (signatures.models.SignedDocument)."""

    state = serializers.ChoiceField(
        source="signature_state", choices=["unsigned", "signed", "failed"], read_only=True
    )
    method = serializers.CharField(
        help_text=_("seal (the Ban's) or token (a leader's own); empty until signed.")
    )
    signer = serializers.CharField(source="signer_name")
    signed_at = serializers.DateTimeField(allow_null=True)
    timestamped = serializers.BooleanField()


class ReportSerializer(serializers.ModelSerializer):
    period = PeriodSerializer()
    organization = UnitRefSerializer(allow_null=True)
    directive = DirectiveRefSerializer(allow_null=True)
    signature = serializers.SerializerMethodField(
        help_text=_(
            "The state of the PDF's digital signature (unsigned, signed, failed) with the signer, the "
            "method and the time; null while the report has not been issued for signing."
        )
    )
    download = serializers.SerializerMethodField(help_text=_("The PDF, once ready (with the same key)."))
    document = serializers.SerializerMethodField(help_text=_("The report's content as JSON."))

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "period",
            "organization",
            "directive",
            "as_of",
            "number",
            "status",
            "pages",
            "size",
            "sha256",
            "signature",
            "created_at",
            "finished_at",
            "updated_at",
            "download",
            "document",
        ]

    @extend_schema_field(SignatureSerializer(allow_null=True))
    def get_signature(self, report):
        document = getattr(report, "issued_document", None)
        return None if document is None else SignatureSerializer(document).data

    @extend_schema_field({"type": ["string", "null"], "format": "uri"})
    def get_download(self, report):
        from django.urls import reverse

        if report.status != Report.Status.READY:
            return None
        return portal_url(self, reverse("api:report-pdf", args=[report.pk]))

    def get_document(self, report) -> str:
        from django.urls import reverse

        return portal_url(self, reverse("api:report-document", args=[report.pk]))
