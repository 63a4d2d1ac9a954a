"""Acceptance 1 in Chromium: staff create a giao ban 6 tháng meeting, two liaisons submit their
units' reports, staff record the outcome with three tasks for two units, the leader approves it,
and each liaison then sees its new task on its home page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from khoagiao.periods import Period
from meetings.models import Meeting
from organizations.models import KhoiMembership
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TASKS = [
    ("Tập huấn giáo viên về Nghị quyết 71-NQ/TW", "a"),
    ("Tuyên truyền phòng, chống đuối nước học sinh", "a"),
    ("Tuyên truyền Nghị quyết 72-NQ/TW tại trạm y tế", "b"),
]


def sign_in(browser, live_server, user, *, phone=False):
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(
        viewport=size, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", is_mobile=phone
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    return page


def submit_report(browser, live_server, liaison, text, shots):
    page = sign_in(browser, live_server, liaison)
    page.goto(f"{live_server.url}/hoi-nghi/")
    page.get_by_role("link", name="Viết báo cáo").click()
    page.locator("[name=results]").fill(text)
    page.locator("[name=limitations]").fill("Kinh phí tuyên truyền còn hạn chế.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo. Xin cảm ơn.")).to_be_visible()
    expect(page.get_by_text("Đã gửi đúng hạn")).to_be_visible()
    page.screenshot(path=str(shots / f"meetings-report-{liaison.username}.png"), full_page=True)
    page.context.close()


def test_a_giao_ban_from_invitation_to_each_units_task(
    browser,
    live_server,
    staff_user,
    leader_user,
    liaison_a,
    liaison_b,
    org_a,
    org_b,
    khoa_giao_fields,
    screenshot_dir,
):
    today = timezone.localdate()
    meeting_day = today + datetime.timedelta(days=1)
    due = today + datetime.timedelta(days=60)
    period = Period(meeting_day.year, "H1")
    for org in (org_a, org_b):
        KhoiMembership.objects.create(organization=org, valid_from=datetime.date(2021, 1, 1))

    # 1. Staff create the meeting; the Khối members are invited by default.
    page = sign_in(browser, live_server, staff_user)
    page.goto(f"{live_server.url}/hoi-nghi/")
    page.get_by_role("link", name="Thêm hội nghị").click()
    expect(page.get_by_label("Sở GD&ĐT")).to_be_checked()
    expect(page.get_by_label("Sở Y tế")).to_be_checked()
    page.locator("[name=period]").select_option(label=period.label)
    page.locator("[name=day]").fill(meeting_day.strftime("%d/%m/%Y"))
    page.locator("[name=time]").fill("08:00")
    page.locator("[name=place]").fill("Hội trường Ban Tuyên giáo và Dân vận Tỉnh ủy")
    page.locator("[name=report_due_on]").fill(meeting_day.strftime("%d/%m/%Y"))
    page.locator("[name=chair_name]").fill("Trần Văn Hùng")
    page.locator("[name=chair_position]").fill("Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy")
    page.get_by_role("button", name="Tạo hội nghị").click()
    title = f"Hội nghị giao ban công tác khoa giáo 6 tháng đầu năm {period.year}"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("0/2 đơn vị đã gửi, 0 đúng hạn")).to_be_visible()
    meeting_url = page.url
    page.context.close()

    # 2. Each liaison submits its unit's report from the meeting list.
    submit_report(browser, live_server, liaison_a, "Sở GD&ĐT đã tập huấn 1.200 giáo viên.", screenshot_dir)
    submit_report(
        browser, live_server, liaison_b, "Sở Y tế đã truyền thông tại 140 trạm y tế.", screenshot_dir
    )

    # 3. Staff see both reports on time and record the outcome on one page.
    page = sign_in(browser, live_server, staff_user)
    page.goto(meeting_url)
    expect(page.get_by_text("2/2 đơn vị đã gửi, 2 đúng hạn")).to_be_visible()
    page.get_by_role("link", name="Ghi kết quả hội nghị").first.click()
    page.locator("[name=number]").fill("15-TB/BTGDVTU")
    page.locator("[name=issued_on]").fill(meeting_day.strftime("%d/%m/%Y"))
    page.locator("[name=findings-0-text]").fill("Hai đơn vị gửi báo cáo đúng hạn, đầy đủ.")
    # one more finding through the page's own script, without a reload
    page.get_by_role("button", name="Thêm nội dung đánh giá").click()
    expect(page.locator("[name=findings-2-kind]")).to_be_focused()
    expect(page.locator("[name=findings-TOTAL_FORMS]")).to_have_value("3")
    page.locator("[name=findings-2-kind]").select_option(value="limitation")
    page.locator("[name=findings-2-text]").fill("Kinh phí tuyên truyền còn hạn chế.")
    page.locator("[name=text]").fill("Đề nghị các đơn vị thực hiện tốt các nhiệm vụ sau.")
    units = {"a": "Sở GD&ĐT", "b": "Sở Y tế"}
    for index, (task, unit) in enumerate(TASKS):
        page.locator(f"[name=tasks-{index}-title]").fill(task)
        page.locator(f"[name=tasks-{index}-lead]").select_option(label=units[unit])
        page.locator(f"[name=tasks-{index}-due_on]").fill(due.strftime("%d/%m/%Y"))
    page.locator("[name=tasks-0-cooperating]").select_option(label=["Sở Y tế"])
    page.locator("[name=signing_authority]").fill("K/T TRƯỞNG BAN")
    page.locator("[name=signer_position]").fill("PHÓ TRƯỞNG BAN")
    page.locator("[name=signer_name]").fill("Trần Văn Hùng")
    page.screenshot(path=str(screenshot_dir / "meetings-outcome-form.png"), full_page=True)
    page.get_by_role("button", name="Lưu và quay lại hội nghị").click()
    expect(page.get_by_text("Đã lưu kết quả hội nghị.")).to_be_visible()
    expect(
        page.get_by_text("Nhiệm vụ được giao cho các đơn vị khi lãnh đạo phê duyệt kết luận.")
    ).to_be_visible()
    page.context.close()

    # Before the approval no unit has a task.
    page = sign_in(browser, live_server, liaison_a)
    expect(page.get_by_text(TASKS[0][0])).to_have_count(0)
    page.context.close()

    # 4. The leader approves.
    page = sign_in(browser, live_server, leader_user)
    page.goto(meeting_url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Phê duyệt kết luận").click()
    expect(page.get_by_text("Đã phê duyệt kết luận.")).to_be_visible()
    expect(page.get_by_text("Đã ban hành kết luận").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "meetings-detail-approved.png"), full_page=True)
    page.context.close()
    assert Meeting.objects.get().is_locked

    # 5. Each liaison sees its new tasks on its home page, and only its own.
    page = sign_in(browser, live_server, liaison_a)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text(TASKS[0][0])).to_be_visible()
    expect(page.get_by_text(TASKS[1][0])).to_be_visible()
    expect(page.get_by_text(TASKS[2][0])).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "meetings-home-liaison-a.png"), full_page=True)
    page.context.close()
    page = sign_in(browser, live_server, liaison_b, phone=True)
    expect(page.get_by_text(TASKS[2][0])).to_be_visible()
    expect(page.get_by_text(TASKS[1][0])).to_have_count(0)
    # Sở Y tế cooperates on the first task: it is listed, led by Sở GD&ĐT
    expect(page.get_by_text(TASKS[0][0])).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "meetings-home-liaison-b-phone.png"), full_page=True)
    page.goto(meeting_url)
    expect(
        page.locator("#outcome").get_by_text("Đề nghị các đơn vị thực hiện tốt các nhiệm vụ sau.")
    ).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "meetings-detail-liaison-phone.png"), full_page=True)
    page.context.close()


def test_the_meeting_pages_fit_a_phone(browser, live_server, staff_user, org_a, screenshot_dir):
    from tests.meetings.factories import ConclusionFactory, FindingFactory, MeetingFactory, TaskItemFactory

    meeting = MeetingFactory(invited=[org_a])
    ConclusionFactory(meeting=meeting)
    FindingFactory(meeting=meeting)
    TaskItemFactory(meeting=meeting, lead=org_a)
    page = sign_in(browser, live_server, staff_user, phone=True)
    for path, name in [
        ("/hoi-nghi/", "list"),
        (f"/hoi-nghi/{meeting.pk}/", "detail"),
        (f"/hoi-nghi/{meeting.pk}/ket-qua/", "outcome"),
    ]:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        page.screenshot(path=str(screenshot_dir / f"meetings-{name}-phone.png"), full_page=True)
    page.context.close()
