"""The central Ban's national view (issue 13): every province's tasks side by side, and how each
province carries out a central directive; nobody of a province reaches it."""

import datetime

import pytest

from khoagiao.scoping import in_province
from organizations.models import Province
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
