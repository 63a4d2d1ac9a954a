"""The API's reference page in Chromium: written on the server from the schema, it shows every
endpoint and data type, its links lead to the types they name, every request stays on the portal
and nothing fails in the console (the CSP refuses nothing)."""

import pytest
from playwright.sync_api import expect

from tests.assignments.factories import TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_reference_page_works_offline_under_the_csp(
    browser_login, live_server, staff_user, org_a, screenshot_dir
):
    TaskFactory(lead=org_a)
    page = browser_login(staff_user)
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_role("heading", name="GET /api/v1/figures/ · Số liệu tổng quan")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "api-docs.png"))
    # From the contents to an endpoint, and from its answer to the data type it returns.
    page.get_by_role("link", name="GET /api/v1/tasks/", exact=True).click()
    tasks = page.locator("#tasks_list")
    expect(tasks).to_be_in_viewport()
    tasks.get_by_role("link", name="PaginatedTaskList").click()
    expect(page.locator("#type-PaginatedTaskList")).to_be_in_viewport()
    expect(page.locator("#type-PaginatedTaskList")).to_contain_text("results")
    outside = [url for url in requests if not url.startswith(live_server.url) and not url.startswith("data:")]
    assert outside == []
    assert problems == []
