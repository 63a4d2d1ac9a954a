"""What a report PDF says: the dashboard's figures for its period and scope, plus the narrative
parts (units' reports to the giao ban, coordination programmes, tasks for the next period).

Everything here reads through the same scoping as the dashboard (`build_dashboard`), so the
figures printed in the PDF are the figures on the page for the same period and unit.
"""

import datetime
import re

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import AgreementReview, CoordinationAgreement
from assignments.models import Bucket
from directives.models import ReviewMilestone
from khoagiao.documents import header_for
from khoagiao.periods import H1, M9, YEAR, Period
from meetings.models import MeetingReport
from organizations.access import SYSTEM
from organizations.models import Organization, Role, User

from .charts import SERIF, dashboard_charts
from .counts import Counts, counted
from .dashboard import Filters, build_dashboard, scoped_tasks, visible_directives
from .markup import blocks

SECTIONS = ("results_text", "limitations_text", "directions_text")

TEMPLATE = "reports/pdf/progress.html"
NEXT_TASKS_LIMIT = 200
_DIGITS = re.compile(r"^\d{1,4}$")


def issuer_for(report):
    """The Ban that issues the report: the requester's own Ban, else the leaders' (scheduled
    reports), else the province's party board that is in office today."""
    requester = report.requested_by
    if requester and requester.organization and requester.organization.kind == Organization.Kind.PARTY_BOARD:
        return requester.organization
    leader = (
        User.objects.with_role(Role.LEADER.value)
        .filter(organization__kind=Organization.Kind.PARTY_BOARD)
        .select_related("organization__parent")
        .order_by("pk")
        .first()
    )
    if leader:
        return leader.organization
    return (
        Organization.objects.active_on(report.as_of)
        .filter(kind=Organization.Kind.PARTY_BOARD, level=Organization.Level.PROVINCE)
        .select_related("parent")
        .order_by("name")
        .first()
    )


def printed_number(report, issuer):
    """ "15" becomes "15-BC/BTGDVTU"; a full number is printed as typed; blank stays blank."""
    number = (report.number or "").strip()
    if _DIGITS.match(number):
        return f"{int(number):02d}-BC/{issuer.symbol}"
    return number


def next_range(period):
    """The dates of the period whose "nhiệm vụ trọng tâm" follow a report on `period`."""
    start = period.end + datetime.timedelta(days=1)
    if period.kind in (H1, M9):
        end = datetime.date(period.year, 12, 31)
    elif period.kind == YEAR:
        end = datetime.date(period.year + 1, 12, 31)
    else:  # a quarter: the next quarter
        end = Period.containing(start, "Q1").end
    return start, end


def summary_for(report, period):
    """The trích yếu under "BÁO CÁO" (docs/domain.md, "Periods and giao ban meetings" names the periods)."""
    if report.kind == report.Kind.UNIT:
        return _("results of the khoa giáo tasks of %(unit)s, %(period)s") % {
            "unit": report.organization.name,
            "period": period.name,
        }
    if report.kind == report.Kind.DIRECTIVE:
        return _("results of implementing %(number)s, %(period)s") % {
            "number": report.directive.number,
            "period": period.name,
        }
    if period.kind == YEAR:
        return _("results of the khoa giáo work in %(period)s; directions and tasks for %(next)s") % {
            "period": period.name,
            "next": period.next_name,
        }
    return _("results of the khoa giáo work in %(period)s; key tasks for %(next)s") % {
        "period": period.name,
        "next": period.next_name,
    }


# The charts of the PDF in the order they are printed, each where its section prints it.
FIGURES = ("distribution", "by_period", "by_field", "by_unit")


def numbered_figures(dashboard):
    """The report's charts as numbered figures ("Hình 1. …", the captions under them), by name:
    only those with something to show (one quarter is no chart by quarter), numbered in the
    order the report prints them, so that the numbers run 1, 2, 3 whatever is left out."""
    charts = dashboard_charts(dashboard, links=False, font=SERIF, width=520, document=True)
    if len(dashboard.by_period) < 2:
        charts["by_period"] = ""
    titles = {
        "distribution": _("Tasks due in the period by status"),
        "by_period": _("Tasks by quarter of their due date"),
        "by_field": _("Tasks by field and status"),
        "by_unit": _("Tasks by lead unit and status"),
    }
    figures, number = {}, 0
    for name in FIGURES:
        if charts[name]:
            number += 1
            caption = _("Figure %(number)s. %(title)s") % {"number": number, "title": titles[name]}
            figures[name] = {"number": number, "caption": caption, "svg": charts[name]}
    return figures


def _agreements(user, filters, dashboard):
    agreements = CoordinationAgreement.objects.visible_to(user)
    agreements = agreements.filter(starts_on__lte=filters.end, ends_on__gte=filters.start).exclude(
        status=CoordinationAgreement.Status.DRAFT
    )
    if filters.unit:
        agreements = agreements.filter(partners=filters.unit)
    if filters.directive:
        agreements = agreements.filter(basis=filters.directive)
    agreements = list(
        agreements.annotate(item_count=Count("items", distinct=True))
        .prefetch_related("partners")
        .order_by("-starts_on", "pk")
    )
    counts = {}
    tasks = scoped_tasks(user, filters).filter(agreement_item__agreement__in=[a.pk for a in agreements])
    for row, task_counts in counted(tasks, ("agreement_item__agreement_id",), dashboard.today):
        counts[row["agreement_item__agreement_id"]] = task_counts
    for agreement in agreements:
        agreement.task_counts = counts.get(agreement.pk, Counts())
    reviews = list(
        AgreementReview.objects.filter(agreement__in=agreements)
        .filter(Q(period=filters.period) | Q(reviewed_on__gte=filters.start, reviewed_on__lte=filters.end))
        .select_related("agreement")
        .order_by("agreement__starts_on", "period")
    )
    return agreements, reviews


def _unit_reports(filters, dashboard):
    """What the units reported to the giao ban that stands for the period (Meeting.giao_ban_of,
    the meeting the dashboard's reporting is about): the report prints their results,
    limitations and proposals, and names the invited units that sent nothing to it."""
    meeting = dashboard.reporting.meeting
    if meeting is None:
        return []
    reports = MeetingReport.objects.filter(meeting=meeting, submitted_at__isnull=False)
    if filters.unit:
        reports = reports.filter(organization=filters.unit)
    return list(reports.select_related("organization", "meeting").order_by("organization__name"))


def report_context(report, *, user=SYSTEM):
    """The template context of one report: what `user` may see (SYSTEM, the whole Ban, for the
    report job; the API's reader for its JSON document)."""
    period = report.period
    filters = Filters.for_period(
        period,
        unit=report.organization if report.kind == report.Kind.UNIT else None,
        directive=report.directive if report.kind == report.Kind.DIRECTIVE else None,
    )
    dashboard = build_dashboard(user, filters, today=report.as_of)
    issuer = issuer_for(report)
    # An approved report is dated on the day a leader approved it; the figures stay as of `as_of`.
    day = timezone.localdate(report.approved_at) if report.approved_at else report.as_of
    header = header_for(
        issuer,
        number=printed_number(report, issuer),
        day=day,
        type_name=_("REPORT").upper(),
        summary=summary_for(report, period),
        abbreviation="BC",
        signing_authority=report.province.signing_authority,
        signer_position=report.province.signer_position,
        signer_name=report.signer_name,
        recipients=[f"- {name}," for name in report.province.recipient_list[:-1]]
        + [f"- {name}." for name in report.province.recipient_list[-1:]],
    )
    agreements, reviews = _agreements(user, filters, dashboard)
    unit_reports = _unit_reports(filters, dashboard)

    start, end = next_range(period)
    next_tasks = (
        scoped_tasks(user, filters, dated=False)
        .open()
        .filter(due_on__gte=start, due_on__lte=end)
        .select_related("lead", "field")
        .order_by("field__order", "due_on", "id")[: NEXT_TASKS_LIMIT + 1]
    )
    next_tasks = list(next_tasks)
    next_milestones = ReviewMilestone.objects.filter(
        directive__in=visible_directives(user).values("id"),
        due_on__gte=start,
        due_on__lte=end,
        done_on__isnull=True,
    )
    if filters.directive:
        next_milestones = next_milestones.filter(directive=filters.directive)
    limit = settings.REPORTS_MAX_APPENDIX_ROWS
    appendix = list(
        scoped_tasks(user, filters)
        .with_bucket(report.as_of)
        .select_related("lead")
        .order_by("lead__name", "due_on", "id")[: limit + 1]
    )
    return {
        "report": report,
        "header": header,
        "issuer": issuer,
        "period": period,
        "filters": filters,
        "dashboard": dashboard,
        "figures": numbered_figures(dashboard),
        "agreements": agreements,
        "reviews": reviews,
        "unit_reports": unit_reports,
        "unit_results": [r for r in unit_reports if r.results.strip()],
        "limitations": [r for r in unit_reports if r.limitations.strip()],
        "unit_proposals": [r for r in unit_reports if r.proposals.strip()],
        "next_tasks": next_tasks[:NEXT_TASKS_LIMIT],
        "next_tasks_more": len(next_tasks) > NEXT_TASKS_LIMIT,
        "next_milestones": list(next_milestones.select_related("directive").order_by("due_on")),
        "next_start": start,
        "next_end": end,
        "appendix": appendix[:limit],
        "appendix_more": max(0, dashboard.totals.total - limit),
        "bucket_labels": dict(Bucket.choices),
        # The drafted report's own sections (reports.markup), printed instead of the raw passages.
        "sections": {name: blocks(getattr(report, name)) for name in SECTIONS} if report.stage else None,
    }
