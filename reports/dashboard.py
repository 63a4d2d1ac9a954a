"""The leaders' dashboard ("Tổng quan"), and the figures of every report PDF.

`build_dashboard(user, filters)` is the one place the figures come from: the page, a liaison's view
of its own unit, the PDF and the weekly digest all call it. Every queryset starts at
`visible_to(user)`, so a liaison's figures are its own unit's without a special case. The number of
queries is fixed: tasks are counted with grouped, conditional aggregates, and for those who see every
task from the tallies the database keeps (reports/counts.py), never one query per unit.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Exists, Max, Min, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Bucket, Task
from directives.models import Directive, ReviewMilestone
from khoagiao.periods import MAIN_KINDS, Period
from meetings.models import Meeting, MeetingReport
from organizations.models import Field, Organization

from .counts import BUCKETS, SOON_DAYS, Counts, breakdown_for

# Columns of every breakdown table, in order: (key, list filter added to the row's link).
COLUMNS = (
    ("total", {}),
    (Bucket.DONE_ON_TIME.value, {"bucket": Bucket.DONE_ON_TIME.value}),
    (Bucket.DONE_LATE.value, {"bucket": Bucket.DONE_LATE.value}),
    (Bucket.OPEN.value, {"bucket": Bucket.OPEN.value}),
    (Bucket.OVERDUE.value, {"bucket": Bucket.OVERDUE.value}),
    (Bucket.CANCELLED.value, {"bucket": Bucket.CANCELLED.value}),
    ("due_soon", {"due_within": SOON_DAYS}),
)
LIST_SIZE = 10
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def task_list_url(**params):
    """A link to the task list ("Nhiệm vụ") filtered as given; the list's own query parameters."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("assignments:list") + (f"?{query}" if query else "")


def unit_params(pk):
    """The task list's filter for "tasks this unit leads" (the dashboard counts by lead unit)."""
    return {"unit": pk, "unit_role": "lead"}


def current_period(day):
    """The main period in progress on `day`: what the next giao ban and report will cover."""
    return min(
        (Period(day.year, kind) for kind in MAIN_KINDS if Period(day.year, kind).end >= day),
        key=lambda p: p.end,
    )


# --- filters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the figures are narrowed to. Tasks count in a year or period by their due date."""

    year: int
    kind: str = ""  # a period kind (Q1, H1, 9M, Y, Q2–Q4); "" = the whole year
    field: object = None
    unit: object = None
    directive: object = None

    @classmethod
    def for_period(cls, period, **kwargs):
        return cls(year=period.year, kind=period.kind, **kwargs)

    @property
    def period(self):
        return Period(self.year, self.kind or "Y")

    @property
    def start(self):
        return self.period.start

    @property
    def end(self):
        return self.period.end

    def list_params(self):
        """The same narrowing, as the task list's query parameters (assignments/filters.py)."""
        return {
            **(unit_params(self.unit.pk) if self.unit else {}),
            "field": self.field.pk if self.field else None,
            "source": f"directive:{self.directive.pk}" if self.directive else None,
            "due_from": self.start.strftime("%d/%m/%Y"),
            "due_to": self.end.strftime("%d/%m/%Y"),
        }

    @property
    def query_without_directive(self):
        return self.query(directive=None)

    def query(self, **override):
        """The dashboard's own query string for these filters (for links between views)."""
        params = {
            "year": self.year,
            "period": self.kind,
            "field": self.field.pk if self.field else None,
            "unit": self.unit.pk if self.unit else None,
            "directive": self.directive.pk if self.directive else None,
            **override,
        }
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})


# --- figures -----------------------------------------------------------------------------------


@dataclass
class Row:
    key: object
    label: str
    counts: Counts
    params: dict = field(default_factory=dict)
    title: str = ""  # a longer description (a directive's trích yếu)
    full_label: str = ""  # the name in full where `label` is short ("Sở GD&ĐT"): for documents

    @property
    def long_label(self):
        """The row's name as an official document writes it: a unit's full name, never "Sở GD&ĐT"."""
        return self.full_label or self.label

    def url(self, key="total"):
        extra = dict(COLUMNS)[key]
        return task_list_url(**{**self.params, **extra})


@dataclass
class Reporting:
    """Who has reported to the giao ban of a period."""

    period: Period
    meeting: object = None
    reported: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def invited_count(self):
        return len(self.reported) + len(self.missing)


@dataclass
class Dashboard:
    user: object
    filters: Filters
    today: datetime.date
    totals: Counts
    by_unit: list
    by_field: list
    by_directive: list
    by_period: list
    overdue_tasks: list
    due_soon_tasks: list
    backlog_overdue: int
    milestones: list
    meetings: list  # the giao ban on the period in view, held or planned
    reporting: Reporting

    @property
    def total_row(self):
        return Row("all", _("All tasks"), self.totals, self.filters.list_params())

    @property
    def links(self):
        """The task list behind each headline figure."""
        row = self.total_row
        return {key: row.url(key) for key, _extra in COLUMNS}

    @property
    def status_rows(self):
        """(bucket, count, share in % or None for the cancelled, link) for the list of statuses:
        the shares are Counts.share, the same figures as the status chart and the rates."""
        return [
            (
                bucket,
                self.totals.value(bucket.value),
                self.totals.share(bucket.value),
                self.links[bucket.value],
            )
            for bucket in BUCKETS
        ]

    @property
    def soon_until(self):
        return self.today + datetime.timedelta(days=SOON_DAYS)

    @property
    def backlog_url(self):
        params = self.filters.list_params()
        params.update(
            due_from=None, due_to=(self.filters.start - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
        )
        return task_list_url(**params, bucket=Bucket.OVERDUE.value)


def scoped_tasks(user, filters, *, dated=True):
    """The tasks the user may see, narrowed by the filters (by due date when `dated`)."""
    tasks = Task.objects.visible_to(user)
    if filters.field:
        tasks = tasks.filter(field=filters.field)
    if filters.unit:
        tasks = tasks.filter(lead=filters.unit)
    if filters.directive:
        tasks = tasks.filter(directive=filters.directive)
    if dated:
        tasks = tasks.filter(due_on__gte=filters.start, due_on__lte=filters.end)
    return tasks


def visible_directives(user):
    return Directive.objects.visible_to(user)


def build_dashboard(user, filters, *, today=None):
    """All the dashboard's figures for `user` (a user, or SYSTEM for scheduled reports)."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=SOON_DAYS)
    tasks = scoped_tasks(user, filters)
    list_params = filters.list_params()

    breakdown = breakdown_for(user, filters, tasks, today)
    by_lead, by_field_counts, by_quarter = breakdown.by_lead, breakdown.by_field, breakdown.by_quarter
    by_directive_counts = {pk: counts for pk, counts in breakdown.by_directive.items() if pk is not None}
    totals = Counts()
    for counts in by_lead.values():
        totals.merge(counts)
    units = Organization.objects.in_bulk(list(by_lead))
    by_unit = sorted(
        (
            Row(
                pk,
                units[pk].display_name,
                counts,
                {**list_params, **unit_params(pk)},
                title=units[pk].name,
                full_label=units[pk].name,
            )
            for pk, counts in by_lead.items()
        ),
        key=lambda r: (-r.counts.overdue, -r.counts.total, r.label),
    )

    fields = Field.objects.in_bulk([pk for pk in by_field_counts if pk is not None])
    by_field = [
        Row(pk, fields[pk].name, by_field_counts[pk], {**list_params, "field": pk})
        for pk in sorted(fields, key=lambda pk: (fields[pk].order, fields[pk].name))
    ]
    if None in by_field_counts:
        by_field.append(Row(None, _("No field given"), by_field_counts[None], list_params))

    directive_scope = visible_directives(user)
    # Every directive here is the source of a task the user sees; visible_to still decides (a
    # liaison does not see classified ones), over these few ids rather than the whole register.
    directives = directive_scope.filter(pk__in=[pk for pk in by_directive_counts if pk is not None]).in_bulk()
    by_directive = sorted(
        (
            Row(pk, d.number, by_directive_counts[pk], {**list_params, "source": f"directive:{pk}"}, d.title)
            for pk, d in directives.items()
        ),
        key=lambda r: (-r.counts.total, r.label),
    )

    by_period = []
    for quarter in range(1, 5):
        period = Period(filters.year, f"Q{quarter}")
        # No task at all: no row of zeros (the page and the PDF say there is nothing instead).
        if not totals.total or period.end < filters.start or period.start > filters.end:
            continue
        params = {
            **list_params,
            "due_from": period.start.strftime("%d/%m/%Y"),
            "due_to": period.end.strftime("%d/%m/%Y"),
        }
        by_period.append(
            Row(
                quarter,
                _("Quarter %(roman)s") % {"roman": ROMAN[quarter]},
                by_quarter.get(quarter, Counts()),
                params,
            )
        )

    # The two lists are written as date ranges over open tasks, so that the partial index of open
    # tasks by due date serves them (the same tasks as the OVERDUE bucket and soon=True above).
    overdue_tasks = list(
        tasks.open()
        .filter(due_on__lt=today)
        .with_bucket(today)
        .select_related("lead")
        .order_by("due_on", "id")[:LIST_SIZE]
    )
    due_soon_tasks = list(
        tasks.open()
        .filter(due_on__gte=today, due_on__lte=soon)
        .with_bucket(today)
        .select_related("lead")
        .order_by("due_on", "id")[:LIST_SIZE]
    )
    backlog_overdue = (
        scoped_tasks(user, filters, dated=False).open().filter(due_on__lt=min(filters.start, today)).count()
    )

    milestones = ReviewMilestone.objects.filter(
        directive__in=directive_scope.values("id"),
        done_on__isnull=True,
        due_on__gte=today - datetime.timedelta(days=90),
    )
    if filters.directive:
        milestones = milestones.filter(directive=filters.directive)
    if filters.field:
        milestones = milestones.filter(directive__fields=filters.field)
    milestones = list(milestones.select_related("directive").order_by("due_on", "id")[:LIST_SIZE])

    return Dashboard(
        user=user,
        filters=filters,
        today=today,
        totals=totals,
        by_unit=by_unit,
        by_field=by_field,
        by_directive=by_directive,
        by_period=by_period,
        overdue_tasks=overdue_tasks,
        due_soon_tasks=due_soon_tasks,
        backlog_overdue=backlog_overdue,
        milestones=milestones,
        meetings=_meetings(user, filters),
        reporting=_reporting(user, filters, today),
    )


def visible_meetings(user):
    return Meeting.objects.visible_to(user)


def _meetings(user, filters):
    """The giao ban meetings on the period in view (Meeting.reviewing: by the period each one
    reviews, whatever the day it is held), held or planned, in the order they are held: the last
    LIST_SIZE of them, which hold the one standing for the period (giao_ban_of)."""
    meetings = visible_meetings(user).reviewing(filters.period).filter(kind=Meeting.Kind.GIAO_BAN)
    if filters.unit:
        meetings = meetings.filter(invited=filters.unit)
    return list(reversed(meetings.with_report_counts().order_by("-starts_at", "-pk")[:LIST_SIZE]))


def reporting_period(meetings, today):
    """The period the units are reporting on, on `today`: the main period that has just ended
    while its giao ban is still to be held (on 1 April, quý I), else the one in progress."""
    ended = Period.latest_ended(today)
    meeting = meetings.giao_ban_of(ended)
    if meeting is not None and meeting.status == Meeting.Status.PLANNED:
        return ended
    return current_period(today)


def _reporting(user, filters, today):
    """The giao ban that stands for the period in view (Meeting.giao_ban_of) and the invited units
    that have not reported to it."""
    meetings = visible_meetings(user)
    if filters.kind:
        period = filters.period
    elif filters.year == today.year:
        period = reporting_period(meetings, today)
    else:
        period = Period(filters.year, "Y")
    reporting = Reporting(period=period)
    reporting.meeting = meetings.giao_ban_of(period)
    if reporting.meeting is None:
        return reporting
    units = reporting.meeting.invited.all()
    # A liaison sees whether its own unit has reported, not how the others stand.
    if user is not None and not user.sees_everything:
        units = units.filter(pk=user.organization_id)
    if filters.unit:
        units = units.filter(pk=filters.unit.pk)
    reported = MeetingReport.objects.filter(
        meeting=reporting.meeting, organization=OuterRef("pk"), submitted_at__isnull=False
    )
    for unit in units.annotate(has_reported=Exists(reported)).order_by("name"):
        (reporting.reported if unit.has_reported else reporting.missing).append(unit)
    return reporting


def year_choices(user, today):
    """Years that have tasks (from the earliest to the latest due date), and the current one."""
    tasks = Task.objects.visible_to(user)
    span = tasks.aggregate(first=Min("due_on"), last=Max("due_on"))
    first = min(span["first"].year if span["first"] else today.year, today.year)
    last = max(span["last"].year if span["last"] else today.year, today.year)
    return list(range(last, first - 1, -1))
