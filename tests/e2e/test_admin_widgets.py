"""The admin's JavaScript widgets speak Vietnamese in Chromium: Select2 (the unit of a user, an
autocomplete), the two-list picker of filter_horizontal (groups, a merger's units), the calendar and
clock of date fields, and the action bar's counter. Their texts come from JavaScript catalogues
(jsi18n, Select2's own), which the server-side test of every admin page cannot see."""

import re

import pytest
from playwright.sync_api import expect

from tests.core.test_admin_language import ALLOWED
from tests.visible_text import foreign_words, visible_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def english_on(page, allowed):
    """Foreign words in the page as the browser has built it (widgets included)."""
    return sorted(set(foreign_words(visible_text(page.content()), allowed)))


def test_select2_filter_horizontal_calendar_and_actions_in_vietnamese(
    browser_login, live_server, admin_user, liaison_a, screenshot_dir
):
    data = {admin_user.username, liaison_a.username, "admin", "staff", "leader", "liaison", "central", "test"}
    allowed = ALLOWED | data
    page = browser_login(admin_user)

    # A user: Select2 for the unit, the two-list pickers for groups and permissions, the calendar.
    page.goto(f"{live_server.url}/quan-tri/organizations/user/{liaison_a.pk}/change/")
    expect(page.locator(".selector-available-title").first).to_contain_text("Các nhóm có thể chọn")
    expect(page.locator("#id_groups_add_all")).to_have_text("Chọn tất cả nhóm")
    page.locator(".field-organization .select2-selection").click()
    page.locator(".select2-search__field").fill("không có đơn vị này")
    expect(page.locator(".select2-results")).to_contain_text("Không tìm thấy kết quả")
    assert english_on(page, allowed) == []
    page.keyboard.press("Escape")

    # When the list cannot be loaded, Select2's message is Vietnamese too.
    page.route("**/quan-tri/autocomplete/**", lambda route: route.fulfill(status=500, body=""))
    page.locator(".field-organization .select2-selection").click()
    page.locator(".select2-search__field").fill("Sở")
    expect(page.locator(".select2-results")).to_contain_text("Không tải được kết quả")
    assert english_on(page, allowed) == []
    page.keyboard.press("Escape")
    page.unroute("**/quan-tri/autocomplete/**")

    page.locator("#calendarlink0").click()
    expect(page.locator("#calendarbox0")).to_be_visible()
    page.locator("#clocklink0").click()
    expect(page.locator("#clockbox0")).to_be_visible()
    assert english_on(page, allowed) == []
    page.screenshot(path=str(screenshot_dir / "admin-user-widgets.png"), full_page=True)

    # A merger's units: the two-list picker with its filter (groups and permissions are read-only).
    page.goto(f"{live_server.url}/quan-tri/organizations/organizationchange/add/")
    expect(page.locator(".selector-available-title").first).to_contain_text("có thể chọn")
    page.locator("#id_predecessors_input").press_sequentially(liaison_a.organization.name[:6])
    expect(page.locator("#id_predecessors_from option").first).to_contain_text(
        liaison_a.organization.name[:6]
    )
    assert english_on(page, allowed) == []
    page.screenshot(path=str(screenshot_dir / "admin-merger-units.png"), full_page=True)

    # A list's action bar counts the ticked rows in Vietnamese.
    page.goto(f"{live_server.url}/quan-tri/organizations/user/")
    page.locator("input.action-select").first.check()
    expect(page.locator(".action-counter")).to_have_text(re.compile(r"1 .*\d"))
    assert english_on(page, allowed) == []
