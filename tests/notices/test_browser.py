"""Issue 14, acceptance 4, in Chromium: a liaison opens the bell, follows a notice to its task and
posts an update; the notice is then read; the Ban's staff member sees the reminder in the task's
history ("đã nhắc … ngày …")."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notices.tasks import daily_run
from tests.assignments.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_liaison_follows_the_bell_to_its_task_and_staff_see_the_reminder(
    browser, live_server, make_task, org_a, liaison_a, staff_user, screenshot_dir, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    task = make_task(
        org_a,
        today + datetime.timedelta(days=2),
        title="Tổ chức hội thi giáo viên dạy giỏi",
        assigned_on=today,
    )
    daily_run()  # this morning's job: the liaison is told 3 days before the deadline

    context, page = sign_in(browser, live_server, liaison_a)
    bell = page.get_by_role("link", name=re.compile("^Thông báo"))
    expect(bell).to_contain_text("1")
    bell.click()
    notice = page.locator("[data-notice-id]")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("chưa đọc")
    page.screenshot(path=str(screenshot_dir / "notices-liaison-list.png"), full_page=True)
    notice.get_by_role("button", name=re.compile("Tổ chức hội thi giáo viên dạy giỏi")).click()
    expect(page).to_have_url(f"{live_server.url}/nhiem-vu/{task.pk}/")
    expect(page.get_by_role("link", name=re.compile("^Thông báo"))).not_to_contain_text("1")

    page.get_by_label("Nội dung báo cáo").fill("Đã ban hành kế hoạch hội thi, 45 trường đăng ký.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo tiến độ.")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Thông báo")).click()
    expect(page.locator("[data-notice-id]")).to_contain_text("đã đọc")
    context.close()

    context, page = sign_in(browser, live_server, staff_user)
    page.goto(f"{live_server.url}/nhiem-vu/{task.pk}/")
    history = page.locator("#task-history").locator("xpath=..")
    day = today.strftime("%d/%m/%Y")
    due = (today + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    expect(history).to_contain_text(f"đã nhắc: Người dùng Thử (Sở GD&ĐT) ngày {day} (trước hạn, hạn {due})")
    expect(page.locator("#timeline").locator("xpath=..")).to_contain_text("45 trường đăng ký")
    page.screenshot(path=str(screenshot_dir / "notices-staff-history.png"), full_page=True)
    context.close()
