"""The dashboard's figures, its scoping for a liaison, its links, and its constant number of queries."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments.models import Bucket, Task
from directives.models import Directive
from khoagiao import middleware
from meetings.models import Meeting
from organizations.models import Organization
from reports.counts import Counts, counted
from reports.dashboard import Filters, build_dashboard, current_period
from tests.assignments import test_buckets as edges
from tests.assignments.factories import TaskFactory
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory
from tests.reports.conftest import TODAY


def counts_of(dashboard, unit):
    rows = {row.key: row.counts for row in dashboard.by_unit}
    return rows[unit.pk]


@pytest.mark.django_db
def test_counted_puts_each_task_in_the_bucket_it_shows_on_its_own_page():
    """The figures count buckets as columns (counted), the lists derive each task's bucket
    (with_bucket): at the edges of the due date they agree, and "due soon" counts open tasks only."""
    for _what, due, completed, cancelled, _expected in edges.CASES:
        TaskFactory(assigned_on=edges.ASSIGNED, due_on=due, completed_on=completed, cancelled_on=cancelled)
    [(row, counts)] = counted(Task.objects.all(), ("assigned_on",), edges.TODAY)
    expected = Counts()
    for case in edges.CASES:
        setattr(expected, case[4].value, getattr(expected, case[4].value) + 1)
    expected.due_soon = 2  # open and due today or tomorrow; not the overdue, done or cancelled ones
    assert counts == expected
    assert row["assigned_on"] == edges.ASSIGNED


@pytest.mark.django_db
def test_staff_see_every_unit_by_bucket(scenario, staff_user, org_a, org_b):
    d = build_dashboard(staff_user, Filters(year=2026), today=TODAY)
    t = d.totals
    assert (t.total, t.done_on_time, t.done_late, t.open, t.overdue, t.cancelled) == (8, 1, 1, 3, 2, 1)
    assert t.due_soon == 2
    assert t.completion_rate == round(100 * 2 / 7)
    a, b = counts_of(d, org_a), counts_of(d, org_b)
    assert (a.total, a.done_on_time, a.done_late, a.open, a.overdue, a.cancelled, a.due_soon) == (
        6,
        1,
        1,
        2,
        1,
        1,
        1,
    )
    assert (b.total, b.overdue, b.open, b.due_soon) == (2, 1, 1, 1)
    # Last year's open task is outside 2026 but shows as backlog.
    assert d.backlog_overdue == 1
    assert [t.pk for t in d.overdue_tasks] == [
        scenario["tasks"]["b_overdue"].pk,
        scenario["tasks"]["a_overdue"].pk,
    ]
    assert {t.pk for t in d.due_soon_tasks} == {
        scenario["tasks"]["a_soon"].pk,
        scenario["tasks"]["b_supported_by_a"].pk,
    }


@pytest.mark.django_db
def test_per_field_per_directive_and_per_quarter_add_up(scenario, staff_user, khoa_giao_fields):
    d = build_dashboard(staff_user, Filters(year=2026), today=TODAY)
    by_field = {row.key: row.counts.total for row in d.by_field}
    assert by_field == {khoa_giao_fields["giao_duc_dao_tao"].pk: 3, khoa_giao_fields["y_te"].pk: 5}
    assert [(row.label, row.counts.total) for row in d.by_directive] == [(scenario["directive"].number, 8)]
    assert [row.counts.total for row in d.by_period] == [2, 3, 2, 1]
    assert sum(row.counts.overdue for row in d.by_period) == d.totals.overdue


@pytest.mark.django_db
def test_a_period_and_a_field_narrow_every_figure(scenario, staff_user, khoa_giao_fields):
    h1 = build_dashboard(staff_user, Filters(year=2026, kind="H1"), today=TODAY)
    assert (h1.totals.total, h1.totals.overdue, h1.totals.cancelled) == (5, 2, 1)
    assert [row.label for row in h1.by_period] == ["Quý I", "Quý II"]
    health = build_dashboard(staff_user, Filters(year=2026, field=khoa_giao_fields["y_te"]), today=TODAY)
    assert health.totals.total == 5
    assert [row.key for row in health.by_field] == [khoa_giao_fields["y_te"].pk]


@pytest.mark.django_db
def test_a_liaison_sees_its_own_unit_only(scenario, liaison_a, org_a, org_b):
    d = build_dashboard(liaison_a, Filters(year=2026), today=TODAY)
    # Its six tasks and the one of unit B it cooperates on; never B's own overdue task.
    assert d.totals.total == 7
    assert counts_of(d, org_b).total == 1
    assert scenario["tasks"]["b_overdue"].pk not in {t.pk for t in d.overdue_tasks}
    # Whether other units reported to the giao ban is not its business.
    assert d.reporting.reported == [org_a]
    assert d.reporting.missing == []


@pytest.mark.django_db
def test_units_that_have_not_reported_for_the_current_period(scenario, leader_user, org_b):
    assert current_period(TODAY).kind == "9M"
    d = build_dashboard(leader_user, Filters(year=2026), today=TODAY)
    assert d.reporting.meeting == scenario["meeting"]
    assert d.reporting.missing == [org_b]
    # The year's giao ban, by the period each reviews: the 6-month one held, the 9-month one planned.
    assert [m.pk for m in d.meetings] == [scenario["held"].pk, scenario["meeting"].pk]
    assert d.meetings[0].invited_count == 2
    assert d.milestones == [scenario["milestone"]]


@pytest.mark.django_db
def test_every_figure_links_to_the_task_list_behind_it(scenario, staff_user, org_a):
    d = build_dashboard(staff_user, Filters(year=2026), today=TODAY)
    overdue = urlsplit(d.links["overdue"])
    assert overdue.path == "/nhiem-vu/"
    assert parse_qs(overdue.query) == {
        "due_from": ["01/01/2026"],
        "due_to": ["31/12/2026"],
        "bucket": ["overdue"],
    }
    row = next(r for r in d.by_unit if r.key == org_a.pk)
    cells = {key: parse_qs(urlsplit(row.url(key)).query) for key in ("overdue", "due_soon")}
    assert cells["overdue"]["unit"] == [str(org_a.pk)]
    assert cells["overdue"]["unit_role"] == ["lead"]
    assert cells["due_soon"]["due_within"] == ["14"]


@pytest.mark.django_db
def test_the_page_shows_the_figures_and_the_charts(scenario, login, leader_user):
    response = login(leader_user).get("/", {"year": 2026, "period": "9M"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="overdue"' in html
    assert "<svg" in html
    assert 'role="img"' in html
    assert " style=" not in html  # the Content-Security-Policy forbids inline styles
    assert "Chưa báo cáo:" in html
    assert response.context["dashboard"].totals.total == 7


@pytest.mark.django_db
def test_unfiltered_the_year_box_shows_the_year_the_figures_are_for(login, leader_user):
    this_year = timezone.localdate().year
    TaskFactory(due_on=datetime.date(this_year + 1, 3, 31))  # next year comes first in the list
    response = login(leader_user).get("/")
    year = response.context["form"]["year"]
    assert year.value() == this_year
    assert f'<option value="{this_year}" selected>' in str(year)
    assert response.context["filters"].year == this_year


@pytest.mark.django_db
def test_a_liaison_reaches_the_dashboard_of_its_unit(scenario, login, liaison_a):
    response = login(liaison_a).get("/bao-cao/tong-quan/", {"year": 2026})
    assert response.status_code == 200
    assert response.context["dashboard"].totals.total == 7
    assert "Báo cáo dạng PDF" not in response.content.decode()  # no report form for liaisons


@pytest.mark.django_db
def test_filters_that_make_no_sense_are_reported_and_left_out(scenario, login, staff_user):
    response = login(staff_user).get("/", {"year": "abc", "unit": "999999"})
    assert response.status_code == 200
    assert "không hiểu" in response.content.decode()
    assert response.context["filters"].year == datetime.date.today().year


# --- property: no figure ever counts a task outside visible_to ---------------------------------


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),  # lead unit
            st.sets(st.integers(0, 2), max_size=2),  # cooperating units
            st.integers(-200, 200),  # due, days from TODAY
            st.sampled_from(["open", "done", "late", "cancelled"]),
        ),
        max_size=25,
    )
)
def test_a_liaisons_figures_are_the_sum_over_its_visible_tasks(liaison_a, org_a, org_b, rows):
    Task.objects.all().delete()
    units = [org_a, org_b, OrganizationFactory(code="so-c", name="Sở C")]
    directive = Directive.objects.filter(sequence=1).first() or DirectiveFactory(sequence=1)
    for lead, cooperating, offset, state in rows:
        due = TODAY + datetime.timedelta(days=offset)
        done = {"done": due, "late": due + datetime.timedelta(days=3)}.get(state)
        obj = Task.objects.create(
            title="x",
            lead=units[lead],
            directive=directive,
            assigned_on=due - datetime.timedelta(days=1),
            due_on=due,
            completed_on=done,
            cancelled_on=due if state == "cancelled" else None,
        )
        obj.cooperating.set([units[i] for i in cooperating if i != lead])
    d = build_dashboard(liaison_a, Filters(year=TODAY.year), today=TODAY)
    visible = [
        t
        for t in Task.objects.visible_to(liaison_a)
        if t.due_on.year == TODAY.year and (t.lead_id == org_a.pk or org_a in t.cooperating.all())
    ]
    assert d.totals.total == len(visible)
    for bucket in Bucket:
        assert d.totals.value(bucket.value) == sum(1 for t in visible if t.bucket_on(TODAY) == bucket)
    listed = {t.pk for t in d.overdue_tasks + d.due_soon_tasks}
    assert listed <= {t.pk for t in visible}


# --- query count: the same for 2 and 200 units, for 1,000 and 100,000 tasks --------------------


def _bulk_tasks(units, fields, directive, count, start=0):
    day = datetime.date(2026, 1, 1)
    tasks = []
    for n in range(start, start + count):
        due = day + datetime.timedelta(days=n % 365)
        state = n % 5
        tasks.append(
            Task(
                title=f"Nhiệm vụ số {n}",
                search_text=f"nhiem vu so {n}",
                lead=units[n % len(units)],
                field=fields[n % len(fields)],
                directive=directive,
                assigned_on=day,
                due_on=due,
                completed_on=due
                if state == 0
                else (due + datetime.timedelta(days=2) if state == 1 else None),
                cancelled_on=due if state == 4 else None,
            )
        )
    Task.objects.bulk_create(tasks, batch_size=5000)


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/", {"year": 2026})
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_dashboard_query_count_does_not_grow_with_units_or_tasks(
    scenario, login, staff_user, khoa_giao_fields, django_assert_max_num_queries, monkeypatch
):
    # The session's "last seen" stamp is written at most once a minute: on a busy machine the
    # 99,000 inserts below take longer than that, and one request would count that write.
    monkeypatch.setattr(middleware, "_SEEN_RESOLUTION_SECONDS", 24 * 3600)
    client = login(staff_user)
    fields = list(khoa_giao_fields.values())
    units = [OrganizationFactory(code=f"so-q{n}", name=f"Sở {n:03d}") for n in range(2)]
    Task.objects.all().delete()
    _bulk_tasks(units, fields, scenario["directive"], 1000)
    small = _queries(client)

    units += [OrganizationFactory(code=f"so-q{n}", name=f"Sở {n:03d}") for n in range(2, 200)]
    scenario["meeting"].invited.set(Organization.objects.filter(code__startswith="so-q"))
    _bulk_tasks(units, fields, scenario["directive"], 99_000, start=1000)
    assert Task.objects.count() == 100_000
    large = _queries(client)
    assert large == small
    with django_assert_max_num_queries(small):
        client.get("/", {"year": 2026})
    assert Meeting.objects.get(pk=scenario["meeting"].pk).invited.count() == 200
