"""Acceptance 3 of issue 15: without a mouse. A liaison posts a progress update and a leader approves a
conclusion with the keyboard only (Tab, typing, Enter), on the demo province, and every element
that has the focus on the way shows it (an outline or a ring, under :focus-visible)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assignments.models import Task, TaskUpdate
from meetings.models import Meeting
from organizations.models import Organization
from tests.meetings.factories import ConclusionFactory, MeetingFactory
from tests.pages.tour import DESKTOP, PHONES, browser_context, pages_of, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const ring = outline || style.boxShadow !== 'none';
  const text = (el.innerText || el.value || el.name || '').trim().slice(0, 60);
  return {tag: el.tagName.toLowerCase(), text: text, href: el.getAttribute('href'),
          visible: el.matches(':focus-visible') && ring};
}"""


def tab_to(page, matches, limit=120):
    """Press Tab until `matches(focused)` holds; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_JS)
        if focused is None:
            continue
        assert focused["visible"], f"no visible focus on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached by Tab")


def press_enter_and_wait(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_liaison_posts_progress_with_the_keyboard_only(khoa_giao_fields, settings, browser, live_server):
    seed_demo(settings)
    _user, client, _pages = pages_of("liaison")
    context = browser_context(browser, live_server, client, PHONES["375"], is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    first = page.locator(".home-task a").first
    title, href = first.inner_text().strip(), first.get_attribute("href")
    tab_to(page, lambda f: f["href"] == href)
    press_enter_and_wait(page)
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    tab_to(page, lambda f: f["text"] == "Báo cáo tiến độ")
    press_enter_and_wait(page)
    tab_to(page, lambda f: f["tag"] == "textarea")
    page.keyboard.type("Đã tổ chức 12 buổi tuyên truyền tại các trường.")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Gửi báo cáo")
    press_enter_and_wait(page)
    expect(page.get_by_text("Đã tổ chức 12 buổi tuyên truyền tại các trường.")).to_be_visible()
    task = Task.objects.get(title=title)
    assert TaskUpdate.objects.filter(task=task, text__startswith="Đã tổ chức 12 buổi").exists()
    context.close()


def test_a_leader_approves_a_conclusion_with_the_keyboard_only(
    khoa_giao_fields, settings, browser, live_server
):
    seed_demo(settings)
    units = list(Organization.objects.filter(code__in=["so-gddt", "so-yte"]))
    starts = timezone.now() - datetime.timedelta(days=2)
    meeting = MeetingFactory(
        title="Hội nghị giao ban chờ phê duyệt kết luận",
        status=Meeting.Status.HELD,
        starts_at=starts,
        organizer=Organization.objects.get(code="btgdvtu-khanh-hoa"),
        invited=units,
        attended=units,
    )
    ConclusionFactory(meeting=meeting)
    _user, client, _pages = pages_of("leader")
    context = browser_context(browser, live_server, client, DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + "/")
    # The dashboard lists it under "Kết luận chờ duyệt", near the top.
    tab_to(page, lambda f: f["href"] == f"/hoi-nghi/{meeting.pk}/#approval", limit=60)
    press_enter_and_wait(page)
    expect(page.get_by_role("heading", name=meeting.title, level=1)).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Phê duyệt kết luận", limit=30)
    press_enter_and_wait(page)
    expect(page.get_by_text("Đã phê duyệt kết luận.")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.is_locked
    context.close()
