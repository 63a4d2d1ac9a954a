"""The two ways to the dashboard's figures agree: tallies plus open tasks counted live (staff,
leaders, scheduled reports; a liaison for the tasks its unit leads) and every task counted live,
for any tasks and filters."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments.models import Task
from khoagiao.periods import KIND_CHOICES
from organizations.access import SYSTEM
from organizations.models import User
from reports.counts import Counts, breakdown_for, counted, live_breakdown, tallied, tallied_breakdown
from reports.dashboard import Filters, build_dashboard, scoped_tasks
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory, UserFactory
from tests.meetings.factories import MeetingFactory
from tests.reports.conftest import TODAY

# Due dates anywhere, and on the edges: today, the last day counted "soon", and the first and
# last day of each quarter (where a tally's month meets the period's dates).
EDGES = [
    datetime.date(year, month, day)
    for year in (TODAY.year - 1, TODAY.year, TODAY.year + 1)
    for month, day in ((1, 1), (3, 31), (4, 1), (6, 30), (7, 1), (9, 30), (10, 1), (12, 31))
]
DUE = st.one_of(
    st.integers(-500, 500).map(lambda days: ("today", days)),
    st.sampled_from([-1, 0, 1, 13, 14, 15]).map(lambda days: ("today", days)),
    st.sampled_from(EDGES).map(lambda day: ("date", day)),
)
TASKS = st.lists(
    st.tuples(
        st.integers(0, 2),  # lead unit
        st.integers(0, 2),  # field: 0 none, else one of two
        st.booleans(),  # from the directive (else from a meeting)
        DUE,
        st.sampled_from(["open", "done", "late", "cancelled"]),
    ),
    max_size=30,
)
FILTERS = st.tuples(
    st.sampled_from([TODAY.year - 1, TODAY.year, TODAY.year + 1]),
    st.sampled_from(["", *(kind for kind, _label in KIND_CHOICES)]),
    st.integers(-1, 2),  # unit (-1: any)
    st.integers(-1, 1),  # field (-1: any)
    st.booleans(),  # narrowed to the directive
    st.integers(-40, 40),  # today, days from TODAY
)


def due_date(due, today):
    kind, value = due
    return today + datetime.timedelta(days=value) if kind == "today" else value


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TASKS, FILTERS)
def test_tallied_and_live_figures_are_the_same(khoa_giao_fields, staff_user, tasks, filter_values):
    Task.objects.all().delete()
    units = [OrganizationFactory(code=f"so-c{n}") for n in range(3)]
    fields = [None, *list(khoa_giao_fields.values())[:2]]
    directive = DirectiveFactory()
    meeting = MeetingFactory()
    year, kind, unit, field, by_directive, today_offset = filter_values
    today = TODAY + datetime.timedelta(days=today_offset)
    for lead, field_index, from_directive, due_at, state in tasks:
        due = due_date(due_at, today)
        Task.objects.create(
            title="x",
            lead=units[lead],
            field=fields[field_index],
            directive=directive if from_directive else None,
            meeting=None if from_directive else meeting,
            assigned_on=due - datetime.timedelta(days=1),
            due_on=due,
            completed_on={"done": due, "late": due + datetime.timedelta(days=3)}.get(state),
            cancelled_on=due if state == "cancelled" else None,
        )
    filters = Filters(
        year=year,
        kind=kind,
        unit=units[unit] if unit >= 0 else None,
        field=fields[field + 1] if field >= 0 else None,
        directive=directive if by_directive else None,
    )
    scoped = scoped_tasks(staff_user, filters)

    assert tallied_breakdown(filters, scoped, today) == live_breakdown(scoped, today)
    # The national view's grouping: by province, field and directive (a whole year's from the
    # yearly tallies).
    national = {}
    for key, counts in tallied(filters, scoped, today, ("province", "field", "directive")):
        national.setdefault((key["province"], key["field"], key["directive"]), Counts()).merge(counts)
    live = counted(scoped, ("province", "field_id", "directive_id"), today)
    assert national == {(row["province"], row["field_id"], row["directive_id"]): n for row, n in live}


@pytest.mark.django_db
def test_tallied_and_live_figures_are_the_same_at_every_edge(khoa_giao_fields, staff_user):
    """Every bucket, with and without field and directive, due on every edge: today and the day
    before, the last day counted "soon" and the day after (for two days seen from, one just
    before the new year), quarter boundaries; under every period, unit, field and directive."""
    units = [OrganizationFactory(code=f"so-e{n}") for n in range(2)]
    field = next(iter(khoa_giao_fields.values()))
    directive, meeting = DirectiveFactory(), MeetingFactory()
    todays = (TODAY, datetime.date(TODAY.year, 12, 25))
    dues = EDGES + [today + datetime.timedelta(days=d) for today in todays for d in (-1, 0, 1, 14, 15)]
    Task.objects.bulk_create(
        Task(
            title="x",
            lead=unit,
            field=task_field,
            directive=directive if source == "directive" else None,
            meeting=meeting if source == "meeting" else None,
            assigned_on=due - datetime.timedelta(days=1),
            due_on=due,
            completed_on={"done": due, "late": due + datetime.timedelta(days=1)}.get(state),
            cancelled_on=due if state == "cancelled" else None,
        )
        for unit in units
        for task_field in (None, field)
        for source in ("directive", "meeting")
        for due in dues
        for state in ("open", "done", "late", "cancelled")
    )
    # units[0] also supports every other task of units[1]: its liaison's figures mix the two ways.
    Task.cooperating.through.objects.bulk_create(
        Task.cooperating.through(task_id=pk, organization_id=units[0].pk)
        for pk in Task.objects.filter(lead=units[1]).values_list("pk", flat=True)[::2]
    )
    liaison = UserFactory(username="liaison_edges", role="liaison", organization=units[0])
    compared = supported = 0
    for today in todays:
        for year in (TODAY.year - 1, TODAY.year, TODAY.year + 1):
            for kind in ["", *(kind for kind, _label in KIND_CHOICES)]:
                for narrowed in (
                    {},
                    {"unit": units[0]},
                    {"unit": units[1]},
                    {"field": field},
                    {"directive": directive},
                ):
                    filters = Filters(year=year, kind=kind, **narrowed)
                    scoped = scoped_tasks(staff_user, filters)
                    live = live_breakdown(scoped, today)
                    assert tallied_breakdown(filters, scoped, today) == live, (today, filters)
                    compared += sum(counts.total for counts in live.by_lead.values())
                    # A liaison: what it leads from the tallies, what it supports counted live.
                    own = scoped_tasks(liaison, filters)
                    own_live = live_breakdown(own, today)
                    assert breakdown_for(liaison, filters, own, today) == own_live, (today, filters)
                    supported += own_live.by_lead.get(units[1].pk, Counts()).total
    assert compared > 10_000  # the comparisons were over real figures, not empty tables
    assert supported > 1_000


@pytest.mark.django_db
def test_staff_the_scheduled_reports_and_a_liaison_read_the_tallies(
    scenario, staff_user, liaison_a, django_assert_num_queries
):
    filters = Filters(year=TODAY.year)
    for user in (staff_user, SYSTEM):
        tasks = scoped_tasks(user, filters)
        with django_assert_num_queries(2) as captured:
            breakdown_for(user, filters, tasks, TODAY)
        assert "assignments_tasktally" in captured.captured_queries[0]["sql"]
    # A liaison: the tallies of the tasks its unit leads, then the tasks it supports (two queries).
    tasks = scoped_tasks(liaison_a, filters)
    with django_assert_num_queries(4) as captured:
        breakdown_for(liaison_a, filters, tasks, TODAY)
    assert "assignments_tasktally" in captured.captured_queries[0]["sql"]


@pytest.mark.django_db
def test_an_inactive_leader_sees_no_figures(scenario, leader_user):
    User.objects.filter(pk=leader_user.pk).update(is_active=False)
    leader_user.refresh_from_db()
    assert build_dashboard(leader_user, Filters(year=TODAY.year), today=TODAY).totals.total == 0
