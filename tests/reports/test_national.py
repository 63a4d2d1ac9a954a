"""The central Ban's national view (issue 13): every province's tasks side by side, and how each
province carries out a central directive; nobody of a province reaches it."""

import datetime

import pytest

from khoagiao.scoping import in_province
from organizations.models import Organization, Province
from tests.assignments.factories import TaskFactory
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory, UserFactory
from tests.visible_text import visible_text

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def two_provinces(province_scope):
    central = DirectiveFactory(title="Nghị quyết về đột phá phát triển khoa học, công nghệ")
    home_unit = OrganizationFactory(code="so-khcn", name="Sở Khoa học và Công nghệ")
    TaskFactory(lead=home_unit, directive=central, due_on=TODAY.replace(month=12, day=31))
    TaskFactory(
        lead=home_unit,
        directive=central,
        due_on=TODAY.replace(month=1, day=1),
        assigned_on=TODAY.replace(month=1, day=1),
    )
    other = Province.objects.create(code="lai-chau", name="Lai Châu")
    with in_province(other):
        unit = OrganizationFactory(code="so-khcn", name="Sở Khoa học và Công nghệ Lai Châu")
        far_task = TaskFactory(lead=unit, directive=central, due_on=TODAY.replace(month=12, day=31))
    return central, other, far_task


def test_the_central_ban_sees_each_province_and_each_central_directive(client, two_provinces):
    central, other, far_task = two_provinces
    assert central.province_id is None  # a central body's directive is every province's
    officer = UserFactory(username="tw1", role="central", organization=None, province=None)
    client.force_login(officer)
    response = client.get("/bao-cao/toan-quoc/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Khánh Hòa" in text
    assert "Lai Châu" in text
    assert str(central) in text
    figures = response.context["figures"]
    assert {row.label: row.counts.total for row in figures.by_province} == {"Khánh Hòa": 2, "Lai Châu": 1}
    ((directive, rows),) = figures.directives
    assert directive == central
    assert {row.label: row.counts.total for row in rows} == {"Khánh Hòa": 2, "Lai Châu": 1}
    # The same charts as the dashboard's: a bar per province, and one per province for the directive.
    charts = response.context["charts"]
    assert "Lai Châu" in charts["by_province"]
    assert "Lai Châu" in charts["directives"][0][2]
    # It reads any province's task, and may change none.
    assert client.get(far_task.get_absolute_url()).status_code == 200
    edit = client.post(f"{far_task.get_absolute_url()}sua/", {"title": "Đổi tên"})
    assert edit.status_code in (403, 404, 405)
    with in_province(other):
        far_task.refresh_from_db()
    assert far_task.title != "Đổi tên"


def test_nobody_of_a_province_reaches_the_national_view(client, two_provinces, personas):
    for user in personas.values():
        client.force_login(user)
        assert client.get("/bao-cao/toan-quoc/").status_code == 403


def test_a_provinces_own_directive_counts_in_its_figures_without_a_section(client, two_provinces):
    """The view groups every task by province, field and central directive in one pass: a task of
    a province's own directive counts in its province and field and under no directive; a done
    task (from the tallies) counts under its central directive as an open one does."""
    central, other, far_task = two_provinces
    ban = OrganizationFactory(code="btgdvtu", name="Ban Tuyên giáo và Dân vận Tỉnh ủy", kind="party_board")
    own = DirectiveFactory(issuing_body=ban, title="Hướng dẫn của tỉnh")
    assert own.province_id is not None
    unit = Organization.objects.get(code="so-khcn")
    due = TODAY.replace(month=12, day=31)
    TaskFactory(lead=unit, directive=own, due_on=due, completed_on=TODAY)
    TaskFactory(lead=unit, directive=own, due_on=due, field=None)
    TaskFactory(lead=unit, directive=central, due_on=due, completed_on=TODAY)
    officer = UserFactory(username="tw1", role="central", organization=None, province=None)
    client.force_login(officer)
    response = client.get("/bao-cao/toan-quoc/")
    figures = response.context["figures"]
    assert {row.label: row.counts.total for row in figures.by_province} == {"Khánh Hòa": 5, "Lai Châu": 1}
    assert sum(row.counts.total for row in figures.by_field) == 6
    assert figures.totals.total == 6
    assert figures.totals.done == 2
    ((directive, rows),) = figures.directives
    assert directive == central
    assert {row.label: (row.counts.total, row.counts.done) for row in rows} == {
        "Khánh Hòa": (3, 1),
        "Lai Châu": (1, 0),
    }
    assert "Hướng dẫn của tỉnh" not in visible_text(response.content.decode())
