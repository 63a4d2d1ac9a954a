"""The API's documentation page in Chromium: Swagger UI from the portal's own static files renders
the operations, every request stays on the portal, and the CSP refuses nothing."""

import pytest
from playwright.sync_api import expect

from tests.assignments.factories import TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_documentation_page_works_offline_under_the_csp(
    browser_login, live_server, staff_user, org_a, screenshot_dir
):
    TaskFactory(lead=org_a)
    page = browser_login(staff_user)
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=20_000)
    expect(page.locator(".opblock-summary-description", has_text="Số liệu tổng quan")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "api-docs.png"))
    page.locator(".opblock-summary-path", has_text="/api/v1/tasks/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".response .microlight").first).to_contain_text('"results"', timeout=20_000)
    page.locator(".response .microlight").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "api-docs-response.png"))
    outside = [url for url in requests if not url.startswith(live_server.url) and not url.startswith("data:")]
    assert outside == []
    assert problems == []
