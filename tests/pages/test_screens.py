"""Acceptance 4 of issue 15, and what a user notices on the first screen of each page it names.

Pictures (var/screenshots/pages-*.png) of the leader's dashboard, a liaison's home on a phone, the
task list and a meeting page. On them: the leader's page starts with what waits for a decision
and the overdue tasks by unit; a
liaison's first task is on the first screen of a 375 × 812 phone; the header is compact and its
menu a disclosure; the charts' text reads at 12 px or more, their links are outside the picture."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from khoagiao.periods import Period
from meetings.models import Meeting
from notices.models import Mail
from organizations.models import Organization, User
from reports.models import Report
from tests.meetings.factories import ConclusionFactory, MeetingFactory
from tests.pages.test_axe_tour import axe_violations
from tests.pages.tour import DESKTOP, PHONES, browser_context, pages_of, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHART_TEXT_JS = """() => {
  const sizes = [];
  for (const svg of document.querySelectorAll('.chart svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      sizes.push(parseFloat(text.getAttribute('font-size')) * scale);
    }
  }
  return sizes;
}"""


def open_as(role, browser, live_server, viewport, phone=False):
    _user, client, pages = pages_of(role)
    context = browser_context(browser, live_server, client, viewport, is_mobile=phone, has_touch=phone)
    return context, context.new_page(), pages


def fill_the_leaders_queue():
    """The demo has nothing waiting for a leader: a submitted report, a conclusion to approve, and
    a daily reminder sent to the liaison of a unit with overdue tasks."""
    today = timezone.localdate()
    Report.objects.create(
        kind=Report.Kind.BAN, period=Period(today.year, "Y"), as_of=today, stage=Report.Stage.SUBMITTED
    )
    units = list(Organization.objects.filter(code__in=["so-gddt", "so-yte"]))
    meeting = MeetingFactory(
        title="Hội nghị giao ban chờ phê duyệt kết luận",
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        organizer=Organization.objects.get(code="btgdvtu-khanh-hoa"),
        invited=units,
    )
    ConclusionFactory(meeting=meeting)
    liaison = User.objects.get(username="lienlac.gddt")
    Mail.objects.create(
        key=f"daily_reminder:{liaison.pk}:{today.isoformat()}",
        recipient=liaison,
        address=liaison.email or "lienlac.gddt@example.vn",
        subject="Nhắc việc",
        body="…",
        sent_at=timezone.now(),
    )


def test_the_leaders_dashboard_starts_with_what_needs_a_decision(
    khoa_giao_fields, settings, browser, live_server, screenshot_dir
):
    seed_demo(settings)
    fill_the_leaders_queue()
    context, page, _pages = open_as("leader", browser, live_server, DESKTOP)
    page.goto(live_server.url + "/")
    expect(page.locator('[data-figure="reports_awaiting"]')).to_have_text("1")
    expect(page.locator('[data-figure="conclusions_awaiting"]')).to_have_text("1")
    day = timezone.localdate().strftime("%d/%m/%Y")
    expect(page.locator(".overdue-units")).to_contain_text(f"nhắc lần cuối {day}")
    # The queue's lists and the reminded liaisons, filled, pass every WCAG rule.
    assert not axe_violations(page, False)
    # Action-first: what waits for the leader's decision, then the overdue tasks by unit with who
    # was reminded, then the key figures, in that order on the page.
    queue = page.get_by_role("heading", name="Chờ lãnh đạo quyết định", level=2)
    expect(queue).to_be_visible()
    expect(page.get_by_role("heading", name="Báo cáo chờ duyệt")).to_be_visible()
    expect(page.get_by_role("heading", name="Kết luận chờ duyệt")).to_be_visible()
    by_unit = page.get_by_role("heading", name="Nhiệm vụ chưa hoàn thành, quá hạn, theo đơn vị", level=2)
    tops = [
        queue.bounding_box()["y"],
        by_unit.bounding_box()["y"],
        page.locator("#kpi-heading").bounding_box()["y"],
    ]
    assert tops == sorted(tops), tops
    assert tops[1] < DESKTOP["height"], "the overdue tasks by unit are below the first screen"
    # Each count once: the per-task list is the staff's; the leader's counts are by unit.
    expect(page.locator("#overdue-heading")).to_have_count(0)
    figure = page.locator('a.kpi-card[data-figure="overdue"] .kpi-value').inner_text()
    assert figure.isdigit()
    page.screenshot(path=str(screenshot_dir / "pages-leader-dashboard.png"), full_page=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2.5 * DESKTOP["height"], f"{height} px: the breakdowns should be closed"

    # The breakdowns open on demand; their charts are pictures with readable text, the links are
    # in the data table next to them (none inside role="img").
    for summary in page.locator("details.breakdown > summary").all():
        summary.click()
    assert page.locator('[role="img"] a').count() == 0
    sizes = page.evaluate(CHART_TEXT_JS)
    assert sizes
    assert min(sizes) >= 12, f"chart text at {min(sizes):.1f} px"
    page.locator("#by-unit .breakdown-data > summary").click()
    expect(page.locator("#by-unit table a").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "pages-leader-dashboard-open.png"), full_page=True)
    context.close()

    context, page, _pages = open_as("leader", browser, live_server, PHONES["360"], phone=True)
    page.goto(live_server.url + "/")
    assert not axe_violations(page, True)
    for summary in page.locator("details.breakdown > summary").all():
        summary.click()
    sizes = page.evaluate(CHART_TEXT_JS)
    assert min(sizes) >= 12, f"chart text at {min(sizes):.1f} px on a phone"
    page.screenshot(path=str(screenshot_dir / "pages-leader-dashboard-360.png"), full_page=True)
    context.close()


def test_a_liaisons_first_task_is_on_the_first_screen_of_a_phone(
    khoa_giao_fields, settings, browser, live_server, screenshot_dir
):
    seed_demo(settings)
    context, page, _pages = open_as("liaison", browser, live_server, PHONES["375"], phone=True)
    page.goto(live_server.url + "/")
    header = page.locator(".portal-header").bounding_box()
    assert header["height"] <= 100, f"header and menu take {header['height']} px"
    # The menu is a disclosure: closed, its links are hidden; "Danh mục" opens it.
    tasks_link = page.locator(".portal-nav").get_by_role("link", name="Nhiệm vụ", exact=True)
    expect(tasks_link).to_be_hidden()
    first = page.locator(".home-task").first
    box = first.bounding_box()
    assert box["y"] + 40 <= PHONES["375"]["height"], f"the first task starts at {box['y']} px"
    page.screenshot(path=str(screenshot_dir / "pages-liaison-home-375.png"), full_page=True)
    page.locator(".portal-menu > summary").click()
    expect(tasks_link).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "pages-liaison-menu-375.png"))
    tasks_link.click()
    page.screenshot(path=str(screenshot_dir / "pages-liaison-tasks-375.png"), full_page=True)
    context.close()


def test_pictures_of_the_task_list_and_a_meeting(
    khoa_giao_fields, settings, browser, live_server, screenshot_dir
):
    seed_demo(settings)
    context, page, pages = open_as("staff", browser, live_server, DESKTOP)
    page.goto(live_server.url + "/nhiem-vu/")
    # The menu is a row of links on a wide screen, whatever the disclosure's state.
    expect(page.locator(".portal-nav").get_by_role("link", name="Nhiệm vụ", exact=True)).to_be_visible()
    expect(page.locator(".portal-menu > summary")).to_be_hidden()
    page.screenshot(path=str(screenshot_dir / "pages-task-list.png"), full_page=True)
    meeting = next(url for url in pages if url.startswith("/hoi-nghi/") and url[10:-1].isdigit())
    page.goto(live_server.url + meeting)
    page.screenshot(path=str(screenshot_dir / "pages-meeting.png"), full_page=True)
    task = next(url for url in pages if url.startswith("/nhiem-vu/") and url[10:-1].isdigit())
    page.goto(live_server.url + task)
    # Cancelling is behind a disclosure: no standing text box.
    expect(page.locator("#cancel-reason")).to_be_hidden()
    page.screenshot(path=str(screenshot_dir / "pages-task.png"), full_page=True)
    context.close()
