"""A liaison's home page: its unit's tasks, this year's figures, and the giao ban report it owes."""

import pytest
from django.utils import timezone

from tests.factories import OrganizationFactory, UserFactory
from tests.reports.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_a_unit_that_owes_its_report_is_told_and_led_to_the_form(scenario, login, liaison_b, org_b):
    html = login(liaison_b).get("/").content.decode()
    meeting = scenario["meeting"]
    assert "Đơn vị chưa gửi báo cáo" in html
    assert "20/09/2026" in html
    assert f'href="/hoi-nghi/{meeting.pk}/bao-cao/{org_b.pk}/"' in html
    response = login(liaison_b).get(f"/hoi-nghi/{meeting.pk}/bao-cao/{org_b.pk}/")
    assert response.status_code == 200


def test_a_unit_that_has_reported_sees_it_and_its_completion_rate(scenario, login, liaison_a):
    response = login(liaison_a).get("/")
    html = response.content.decode()
    assert "Đơn vị chưa gửi báo cáo" not in html
    assert "đã được gửi" in html
    totals = response.context["dashboard"].totals
    # Unit A's own tasks of 2026 (lead or cooperating): on time, late, due soon, later, overdue,
    # cancelled, and unit B's task that A supports; the cancelled one is left out of the rate.
    assert (totals.done, totals.active) == (2, 6)
    assert 'data-figure="completion"' in html
    assert "33\u00a0%" in html  # khoagiao.numbers.percent: a non-breaking space before the sign
    assert 'href="/bao-cao/tong-quan/"' in html


def test_a_liaison_without_tasks_or_meetings_gets_a_calm_page(login, ban):
    unit = OrganizationFactory(code="so-moi", name="Sở mới")
    liaison = UserFactory(username="lienlac.moi", role="liaison", organization=unit)
    response = login(liaison).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không có nhiệm vụ đến hạn trong kỳ này." in html
    assert "Đơn vị chưa gửi báo cáo" not in html
