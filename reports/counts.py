"""Tasks counted by bucket: the figures of the dashboard, the report PDF and the digest.

Two ways to the same figures. Someone who sees every task (staff, leaders, the scheduled reports)
gets the done and cancelled tasks from the tallies that triggers keep (TaskTally by unit and month,
YearTally by province and year for a whole year of every unit), and counts only the open ones
live, over the index of open tasks: the cost follows the number of units, fields and directives,
not the number of tasks. A liaison sees the tasks its unit leads or supports, which no tally keys:
its tasks are counted live, a few thousand at most. tests/reports/test_counts.py holds them equal.
"""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Case, Count, Q, Sum, When
from django.db.models.functions import ExtractQuarter
from django.utils.translation import ngettext

from assignments.models import SOON_DAYS, Bucket, Task, TaskTally, YearTally, bucket_conditions
from khoagiao.numbers import percent_of
from khoagiao.periods import YEAR
from organizations.access import sees_everything, unit_of
from organizations.models import Organization

BUCKETS = (Bucket.DONE_ON_TIME, Bucket.DONE_LATE, Bucket.OPEN, Bucket.OVERDUE, Bucket.CANCELLED)
# The counted fields of Counts: the buckets, and open tasks due within SOON_DAYS.
COUNTED = (*(bucket.value for bucket in BUCKETS), "due_soon")
TALLIED = (Bucket.DONE_ON_TIME.value, Bucket.DONE_LATE.value, Bucket.CANCELLED.value)
KEYS = ("lead_id", "field_id", "directive_id")


@dataclass
class Counts:
    """The tasks of one row (a unit, a field, a quarter, all) counted by bucket.

    What every percentage counts, on the dashboard, in the report PDF, its charts and the digest:
    a share of the tasks due in the period that were not cancelled (`active`), rounded half up
    (khoagiao.numbers). The completion rate is the tasks done (on time or late) among them, the
    on-time rate the tasks done by their deadline among them, and the share of a status in the
    status chart and list that status's tasks among them. A cancelled task is counted as a task
    but has no share. `rate_basis` says so in a sentence, printed next to the figures."""

    done_on_time: int = 0
    done_late: int = 0
    open: int = 0
    overdue: int = 0
    cancelled: int = 0
    due_soon: int = 0  # open, and due within SOON_DAYS

    def merge(self, other):
        # Each field written out (the fields of COUNTED): the national view merges some two
        # thousand counts a page, and getattr/setattr by name cost three times as much.
        self.done_on_time += other.done_on_time
        self.done_late += other.done_late
        self.open += other.open
        self.overdue += other.overdue
        self.cancelled += other.cancelled
        self.due_soon += other.due_soon

    @property
    def total(self):
        return self.done_on_time + self.done_late + self.open + self.overdue + self.cancelled

    @property
    def done(self):
        return self.done_on_time + self.done_late

    @property
    def active(self):
        """Tasks that count towards the rates: all but the cancelled ones."""
        return self.total - self.cancelled

    def share(self, key):
        """The percentage of the active tasks in bucket `key` ("done" for both done buckets);
        None for the cancelled ones, and when no task counts."""
        if key == Bucket.CANCELLED.value:
            return None
        return percent_of(self.done if key == "done" else self.value(key), self.active)

    @property
    def completion_rate(self):
        return self.share("done")

    @property
    def on_time_rate(self):
        return self.share(Bucket.DONE_ON_TIME.value)

    @property
    def rate_basis(self):
        """What the percentages are of, in a sentence, for wherever they are shown."""
        if self.cancelled:
            return ngettext(
                "Percentages are of the %(active)s task due in the period, not counting cancelled "
                "tasks (%(cancelled)s).",
                "Percentages are of the %(active)s tasks due in the period, not counting cancelled "
                "tasks (%(cancelled)s).",
                self.active,
            ) % {"active": self.active, "cancelled": self.cancelled}
        return ngettext(
            "Percentages are of the %(active)s task due in the period.",
            "Percentages are of the %(active)s tasks due in the period.",
            self.active,
        ) % {"active": self.active}

    @property
    def completion_class(self):
        """The progress bar's width class (portal.css has pct-0 … pct-100 in steps of 5)."""
        rate = self.completion_rate or 0
        return f"pct-{5 * round(rate / 5)}"

    def value(self, key):
        return self.total if key == "total" else getattr(self, key)


def counted(tasks, keys, today):
    """(row, Counts) for each value of `keys` among `tasks`, from one GROUP BY over the keys alone:
    the buckets (on `today`) are counted as columns (COUNT … FILTER), so there are few groups,
    which PostgreSQL aggregates in memory, instead of sorting every task by key and bucket."""
    conditions = bucket_conditions(today)
    columns = {f"n_{bucket}": Count("id", filter=condition) for bucket, condition in conditions.items()}
    soon = today + datetime.timedelta(days=SOON_DAYS)
    columns["n_due_soon"] = Count("id", filter=conditions[Bucket.OPEN.value] & Q(due_on__lte=soon))
    for row in tasks.order_by().values(*keys).annotate(**columns):
        yield row, Counts(**{name: row[f"n_{name}"] for name in COUNTED})


@dataclass
class Breakdown:
    """Counts of the same tasks by lead unit, by field, by directive and by quarter of the due date.
    A key of None: no field, or not from a directive."""

    by_lead: dict
    by_field: dict
    by_directive: dict
    by_quarter: dict

    @classmethod
    def empty(cls):
        return cls({}, {}, {}, {})

    def add(self, counts, *, lead, field, directive, quarter=None):
        tables = [(self.by_lead, lead), (self.by_field, field), (self.by_directive, directive)]
        if quarter is not None:
            tables.append((self.by_quarter, quarter))
        for table, key in tables:
            table.setdefault(key, Counts()).merge(counts)

    def merge(self, other):
        for mine, theirs in (
            (self.by_lead, other.by_lead),
            (self.by_field, other.by_field),
            (self.by_directive, other.by_directive),
            (self.by_quarter, other.by_quarter),
        ):
            for key, counts in theirs.items():
                mine.setdefault(key, Counts()).merge(counts)
        return self


def live_breakdown(tasks, today):
    """Every task of `tasks` counted in the database now: two grouped queries at any size, each
    one pass over the tasks (by unit, field and directive at once; by quarter)."""
    breakdown = Breakdown.empty()
    for row, counts in counted(tasks, KEYS, today):
        breakdown.add(counts, lead=row["lead_id"], field=row["field_id"], directive=row["directive_id"])
    quarters = tasks.annotate(quarter=ExtractQuarter("due_on"))
    for row, counts in counted(quarters, ("quarter",), today):
        breakdown.by_quarter[row["quarter"]] = counts
    return breakdown


# The keys figures are grouped by: each one's column in the monthly tallies, in the yearly ones
# (None: they do not keep it) and among the tasks.
GROUPS = {
    "lead": ("lead_pk", None, "lead_id"),
    "field": ("field_pk", "field_pk", "field_id"),
    "directive": ("directive_pk", "directive_pk", "directive_id"),
    "quarter": ("quarter", None, "quarter"),
    # the monthly tallies join their unit for its province; the yearly ones and a task keep their own
    "province": ("lead__province", "province", "province"),
}


def _tallies(filters, keys):
    """The tallies of the period of `filters`, and which of GROUPS' columns they group by: a whole
    year of every unit by province, field or directive from YearTally (a row per province, field,
    directive and year: at 34 provinces a twentieth of the monthly rows, and no join), anything
    else from the monthly TaskTally."""
    if filters.period.kind == YEAR and not filters.unit and all(GROUPS[key][1] for key in keys):
        return YearTally.objects.filter(year=filters.year), 1
    return TaskTally.objects.filter(month__gte=filters.start, month__lte=filters.end), 0


def tallied(filters, tasks, today, keys, *, directives=None):
    """({key: value}, Counts) for every task narrowed by `filters`, grouped in the database by
    `keys` (of GROUPS): done and cancelled tasks from the tallies of the period (`_tallies`), the
    open ones among `tasks` (narrowed alike) counted live. A key of None: no field, or not from a
    directive. The same group may come twice (once tallied, once open): callers merge.

    `directives` (a list of ids): the "directive" key names these directives alone, and is None for
    every other task, as for one from no directive. A view that shows a few directives (the
    national view, the central ones) so groups their tasks in the same pass as the others, rather
    than with a group per directive or a second pass over the tasks of the year."""
    tallies, source = _tallies(filters, keys)
    columns = {key: (GROUPS[key][source], GROUPS[key][2]) for key in keys}
    if directives is not None and "directive" in keys:
        # NULL when no case matches; none is written for an empty list (Case skips the condition).
        tallies = tallies.annotate(
            named_directive=Case(When(directive_pk__in=directives, then="directive_pk"))
        )
        tasks = tasks.annotate(named_directive=Case(When(directive_id__in=directives, then="directive_id")))
        columns["directive"] = ("named_directive", "named_directive")
    if filters.unit:
        tallies = tallies.filter(lead_pk=filters.unit.pk)
    if filters.field:
        tallies = tallies.filter(field_pk=filters.field.pk)
    if filters.directive:
        tallies = tallies.filter(directive_pk=filters.directive.pk)
    if "quarter" in keys:
        tallies = tallies.annotate(quarter=ExtractQuarter("month"))
    # Rows as tuples, the keys first: a national view reads two thousand of them.
    width = len(keys)
    names = [columns[key][0] for key in keys]
    sums = {f"n_{name}": Sum(name) for name in TALLIED}
    rows = tallies.order_by().values(*names).annotate(**sums).values_list(*names, *sums)
    for row in rows:
        done_on_time, done_late, cancelled = row[width:]
        if done_on_time or done_late or cancelled:
            # The tallies write 0 for "no field" and "no directive" (their keys are numbers).
            key = dict(zip(keys, [value or None for value in row[:width]], strict=True))
            yield key, Counts(done_on_time=done_on_time, done_late=done_late, cancelled=cancelled)
    # Open tasks split by their due date alone (the same rule as bucket_conditions), so that the
    # partial index of open tasks answers from the index alone.
    soon = today + datetime.timedelta(days=SOON_DAYS)
    open_tasks = tasks.open()
    if "quarter" in keys:
        open_tasks = open_tasks.annotate(quarter=ExtractQuarter("due_on"))
    names = [columns[key][1] for key in keys]
    rows = (
        open_tasks.order_by()
        .values(*names)
        .annotate(
            n_overdue=Count("id", filter=Q(due_on__lt=today)),
            n_open=Count("id", filter=Q(due_on__gte=today)),
            n_due_soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=soon)),
        )
        .values_list(*names, "n_overdue", "n_open", "n_due_soon")
    )
    for row in rows:
        overdue, still_open, due_soon = row[width:]
        yield (
            dict(zip(keys, row[:width], strict=True)),
            Counts(open=still_open, overdue=overdue, due_soon=due_soon),
        )


def tallied_breakdown(filters, tasks, today):
    """The Breakdown of every task narrowed by `filters`, from the tallies (see `tallied`)."""
    breakdown = Breakdown.empty()
    for key, counts in tallied(filters, tasks, today, ("lead", "field", "directive", "quarter")):
        breakdown.add(counts, **key)
    return breakdown


def breakdown_for(user, filters, tasks, today):
    """The Breakdown of `tasks` (what `user` sees, narrowed by `filters`).

    The Ban (SYSTEM included): from the tallies. A liaison: the tasks its unit leads from the same
    tallies narrowed to the unit, plus the tasks it only supports counted live from the unit's
    cooperation rows, so that its cost follows the unit's own tasks, not the year's (reading the
    year's tasks for "led by us or supported by us" was ×4.5 from 1,000 to 1,000,000 tasks)."""
    if sees_everything(user):
        return tallied_breakdown(filters, tasks, today)
    unit_id = unit_of(user)
    if unit_id is None or (filters.unit and filters.unit.pk != unit_id):
        return live_breakdown(tasks, today)
    led = tallied_breakdown(
        replace(filters, unit=Organization(pk=unit_id)), tasks.filter(lead_id=unit_id), today
    )
    supported_ids = Task.cooperating.through.objects.filter(organization_id=unit_id).values("task_id")
    supported = tasks.filter(pk__in=supported_ids).exclude(lead_id=unit_id)
    return led.merge(live_breakdown(supported, today))
