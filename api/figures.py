"""The dashboard's figures and the periodic report's content as JSON.

Both are read from the functions the pages and the PDF use (reports.dashboard.build_dashboard and
reports.content.report_context), with the viewer of the request, so that the figures endpoint, the
dashboard and the PDF give the same numbers for the same period and filters."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from directives.models import Directive, ReviewMilestone
from organizations.models import Field, Organization
from reports.models import Report

from .serializers import DirectiveRefSerializer, FieldRefSerializer, PeriodSerializer, UnitRefSerializer

# --- shapes (also the OpenAPI schema) ------------------------------------------------------------


class CountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text=_("Tasks due in the period, cancelled ones included."))
    done = serializers.IntegerField(help_text=_("Completed, on time or late."))
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    open = serializers.IntegerField(help_text=_("Not done, within the deadline."))
    overdue = serializers.IntegerField(help_text=_("Not done, past the deadline."))
    cancelled = serializers.IntegerField()
    due_soon = serializers.IntegerField(help_text=_("Open and due within 14 days."))
    active = serializers.IntegerField(help_text=_("All but the cancelled: what the rates are a share of."))
    completion_rate = serializers.IntegerField(
        allow_null=True, help_text=_("Percent of the active tasks that are done; null when there is none.")
    )
    on_time_rate = serializers.IntegerField(
        allow_null=True, help_text=_("Percent of the active tasks done by their deadline.")
    )


class UnitRowSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    counts = CountsSerializer()


class FieldRowSerializer(serializers.Serializer):
    field = FieldRefSerializer(allow_null=True, help_text=_("null: tasks with no field given."))
    counts = CountsSerializer()


class DirectiveRowSerializer(serializers.Serializer):
    directive = DirectiveRefSerializer()
    counts = CountsSerializer()


class QuarterRowSerializer(serializers.Serializer):
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    counts = CountsSerializer()


class MeetingBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()


class ReportingFiguresSerializer(serializers.Serializer):
    period = PeriodSerializer()
    meeting = MeetingBriefSerializer(allow_null=True, help_text=_("The giao ban of that period, if any."))
    reported = UnitRefSerializer(many=True)
    missing = UnitRefSerializer(many=True, help_text=_("Invited units that have not reported to it."))


class FiltersSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    period = serializers.CharField(help_text=_("Q1, H1, 9M, Q2–Q4, or empty for the whole year."))
    field = serializers.IntegerField(allow_null=True)
    unit = serializers.IntegerField(allow_null=True)
    directive = serializers.IntegerField(allow_null=True)


class FiguresSerializer(serializers.Serializer):
    period = PeriodSerializer()
    as_of = serializers.DateField(help_text=_("The day the statuses are counted on."))
    filters = FiltersSerializer()
    totals = CountsSerializer()
    backlog_overdue = serializers.IntegerField(
        help_text=_("Tasks due before the period and still not done (not in the totals).")
    )
    by_unit = UnitRowSerializer(many=True, help_text=_("By lead unit: most overdue first."))
    by_field = FieldRowSerializer(many=True)
    by_directive = DirectiveRowSerializer(many=True, help_text=_("By the directive the tasks come from."))
    by_quarter = QuarterRowSerializer(many=True, help_text=_("By the quarter of the due date."))
    reporting = ReportingFiguresSerializer()


def counts_data(counts):
    return {
        "total": counts.total,
        "done": counts.done,
        "done_on_time": counts.done_on_time,
        "done_late": counts.done_late,
        "open": counts.open,
        "overdue": counts.overdue,
        "cancelled": counts.cancelled,
        "due_soon": counts.due_soon,
        "active": counts.active,
        "completion_rate": counts.completion_rate,
        "on_time_rate": counts.on_time_rate,
    }


def figures_data(dashboard):
    """The figures of a reports.dashboard.Dashboard, with their units, fields and directives."""
    units = Organization.objects.in_bulk([row.key for row in dashboard.by_unit])
    fields = Field.objects.in_bulk([row.key for row in dashboard.by_field if row.key is not None])
    directives = Directive.objects.in_bulk([row.key for row in dashboard.by_directive])
    filters = dashboard.filters
    reporting = dashboard.reporting
    return {
        "period": filters.period,
        "as_of": dashboard.today,
        "filters": {
            "year": filters.year,
            "period": filters.kind,
            "field": filters.field.pk if filters.field else None,
            "unit": filters.unit.pk if filters.unit else None,
            "directive": filters.directive.pk if filters.directive else None,
        },
        "totals": counts_data(dashboard.totals),
        "backlog_overdue": dashboard.backlog_overdue,
        "by_unit": [{"unit": units[row.key], "counts": counts_data(row.counts)} for row in dashboard.by_unit],
        "by_field": [
            {"field": fields.get(row.key), "counts": counts_data(row.counts)} for row in dashboard.by_field
        ],
        "by_directive": [
            {"directive": directives[row.key], "counts": counts_data(row.counts)}
            for row in dashboard.by_directive
        ],
        "by_quarter": [
            {"quarter": row.key, "counts": counts_data(row.counts)} for row in dashboard.by_period
        ],
        "reporting": {
            "period": reporting.period,
            "meeting": reporting.meeting,
            "reported": reporting.reported,
            "missing": reporting.missing,
        },
    }


# --- the periodic report ------------------------------------------------------------------------


class SignatureBlockSerializer(serializers.Serializer):
    authority = serializers.CharField(help_text=_("e.g. K/T TRƯỞNG BAN"))
    position = serializers.CharField()
    name = serializers.CharField()


class AgreementFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    items = serializers.IntegerField(help_text=_("Coordination items of the programme."))
    partners = UnitRefSerializer(many=True)
    tasks = CountsSerializer(help_text=_("Its tasks due in the period."))


class NextTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    lead = UnitRefSerializer()
    field = FieldRefSerializer(allow_null=True)
    due_on = serializers.DateField()


class NextMilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReviewMilestone.Kind.choices)
    directive = DirectiveRefSerializer()
    title = serializers.CharField()
    due_on = serializers.DateField()


class NextPeriodSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("The period the key tasks are for, as the report names it."))
    start = serializers.DateField()
    end = serializers.DateField()
    tasks = NextTaskSerializer(many=True, help_text=_("Open tasks due in it, by field then due date."))
    more = serializers.BooleanField(help_text=_("True when the report lists only the first tasks."))
    milestones = NextMilestoneSerializer(many=True, help_text=_("Reviews (sơ kết, tổng kết) due in it."))


class ReportDocumentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    status = serializers.ChoiceField(choices=Report.Status.choices)
    period = PeriodSerializer()
    issuing_body = UnitRefSerializer()
    number = serializers.CharField(help_text=_("As printed, e.g. 15-BC/BTGDVTU; empty until numbered."))
    date = serializers.DateField(help_text=_("The report's date: the figures are as of this day."))
    date_line = serializers.CharField(help_text=_("Place and date as printed."))
    summary = serializers.CharField(help_text=_("The trích yếu under BÁO CÁO."))
    indicators = CountsSerializer(help_text=_("The overall figures of section I.1."))
    backlog_overdue = serializers.IntegerField()
    by_unit = UnitRowSerializer(many=True, help_text=_("Table 2 and appendix 1."))
    by_field = FieldRowSerializer(many=True, help_text=_("Table 1."))
    by_directive = DirectiveRowSerializer(many=True, help_text=_("Table 3."))
    by_quarter = QuarterRowSerializer(many=True)
    agreements = AgreementFiguresSerializer(many=True, help_text=_("Section I.5."))
    next_period = NextPeriodSerializer(help_text=_("Section II: key tasks for the next period."))
    proposals = serializers.CharField(help_text=_("Section III, as the Ban wrote it."))
    signature_block = SignatureBlockSerializer()
    recipients = serializers.ListField(child=serializers.CharField(), help_text=_("Nơi nhận."))


def document_data(report, viewer):
    """The report's content for `viewer` (who sees the whole Ban: only the Ban reads reports)."""
    from reports.content import printed_number, report_context

    context = report_context(report, user=viewer)
    dashboard, header = context["dashboard"], context["header"]
    figures = figures_data(dashboard)
    return {
        "id": report.pk,
        "kind": report.kind,
        "status": report.status,
        "period": context["period"],
        "issuing_body": context["issuer"],
        "number": printed_number(report, context["issuer"]),
        "date": report.as_of,
        "date_line": header.date_line,
        "summary": header.summary,
        "indicators": figures["totals"],
        "backlog_overdue": figures["backlog_overdue"],
        "by_unit": figures["by_unit"],
        "by_field": figures["by_field"],
        "by_directive": figures["by_directive"],
        "by_quarter": figures["by_quarter"],
        "agreements": [
            {
                "id": agreement.pk,
                "number": agreement.number,
                "title": agreement.title,
                "starts_on": agreement.starts_on,
                "ends_on": agreement.ends_on,
                "items": agreement.item_count,
                "partners": list(agreement.partners.all()),
                "tasks": counts_data(agreement.task_counts),
            }
            for agreement in context["agreements"]
        ],
        "next_period": {
            "name": context["period"].next_name,
            "start": context["next_start"],
            "end": context["next_end"],
            "tasks": [
                {"id": t.pk, "title": t.title, "lead": t.lead, "field": t.field, "due_on": t.due_on}
                for t in context["next_tasks"]
            ],
            "more": context["next_tasks_more"],
            "milestones": [
                {"id": m.pk, "kind": m.kind, "directive": m.directive, "title": m.title, "due_on": m.due_on}
                for m in context["next_milestones"]
            ],
        },
        "proposals": report.proposals,
        "signature_block": {
            "authority": header.signing_authority,
            "position": header.signer_position,
            "name": header.signer_name,
        },
        "recipients": [line.lstrip("- ").rstrip(",.") for line in header.recipients],
    }
