"""Issue #18, acceptances 3, 4 and 5 and the optimistic lock: the scheduled draft pre-filled from
the giao ban that reviews the period, the staff's edits and the leader's decisions, the issued
PDF mailed once to each recipient with an address, and an issued report that nothing changes."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from khoagiao.locking import Conflict
from notices.models import Notice, Preference
from notices.services import mail_send_due
from organizations.access import SYSTEM
from organizations.provinces import current_province
from outgoing.models import Entry, RegisterLocked
from reports import notifications, services
from reports.models import Dispatch, Report
from tests.reports.conftest import flat, text_of
from tests.reports.drafting import PERIOD, at, giao_ban_scene
from tests.reports.smtp import SMTPServer

pytestmark = pytest.mark.django_db
APPROVED_AT = at(datetime.date(2026, 7, 20), 9)


@pytest.fixture
def scene(ban, org_a, org_b, khoa_giao_fields):
    return giao_ban_scene(ban, org_a, org_b, khoa_giao_fields)


def drafted():
    report, created = services.report_schedule_run(
        schedule_name="Báo cáo định kỳ", period=PERIOD, today=datetime.date(2026, 7, 15)
    )
    assert created
    return report


def approved(report, staff_user, leader_user, *, limitations="- Hạn chế đã sửa: thiếu kinh phí."):
    report = services.report_edit(
        report=report, by=staff_user, version=report.version, limitations_text=limitations
    )
    services.report_submit(report=report, by=staff_user)
    return services.report_approve(report=report, by=leader_user, at=APPROVED_AT)


def test_the_draft_is_prefilled_from_the_giao_ban_that_reviews_the_period(scene):
    report = drafted()
    assert report.stage == Report.Stage.DRAFT
    assert report.status == Report.Status.QUEUED
    assert report.number == ""
    # Grouped by field, each passage naming its unit in full (never "Sở GD&ĐT").
    assert report.results_text.splitlines() == [
        "Giáo dục và đào tạo:",
        "- Sở Giáo dục và Đào tạo: Tổ chức kỳ thi tốt nghiệp trung học phổ thông an toàn.",
        "Y tế:",
        "- Sở Y tế: Tiêm chủng mở rộng đạt kế hoạch.",
    ]
    assert report.limitations_text.splitlines() == [
        "- Sở Giáo dục và Đào tạo: Thiếu giáo viên ở vùng sâu.",
        "- Sở Y tế: Thiếu thuốc ở tuyến xã.",
    ]
    assert report.directions_text == (
        "- Tổng kết năm học 2025-2026 (chủ trì: Sở Giáo dục và Đào tạo; hạn 31/08/2026)"
    )
    # The giao ban held within the period reviews 2025: nothing of it is in the draft.
    everything = report.results_text + report.limitations_text + report.directions_text
    assert "2025, không thuộc" not in everything
    assert "Hạn chế của năm 2025" not in everything
    assert "GD&ĐT" not in everything


def test_staff_hear_that_a_draft_is_ready(scene, staff_user, leader_user, mailoutbox):
    """On the bell of the staff (not the leaders'), once; mailed at once to one who takes every
    notice, with the link that opens the draft."""
    Preference.objects.create(user=staff_user, mail=Preference.Mail.EVERY)
    report = drafted()
    assert notifications.report_notify_draft(report_id=report.pk) == 1
    assert notifications.report_notify_draft(report_id=report.pk) == 0
    (notice,) = Notice.objects.filter(kind="draft_ready")
    assert notice.recipient == staff_user
    assert notice.path == f"/bao-cao/{report.pk}/"
    assert notice.text.startswith("Dự thảo báo cáo cần hoàn thiện: ")
    mail_send_due()
    (message,) = mailoutbox
    assert message.to == [staff_user.email]
    assert message.subject == f"[Cổng khoa giáo] {notice.text}"
    assert f"/thong-bao/{notice.pk}/mo/" in message.body


def test_two_staff_editing_at_once_get_the_lock_not_a_silent_overwrite(scene, staff_user, admin_user):
    report = drafted()
    loaded = report.version
    services.report_edit(
        report=report, by=staff_user, version=loaded, limitations_text="- Bản của người thứ nhất"
    )
    with pytest.raises(Conflict) as refused:
        services.report_edit(report=report, by=admin_user, version=loaded, limitations_text="- Bản thứ hai")
    assert refused.value.people
    assert "Bản của người thứ nhất" in str(refused.value.changes[0].new)
    assert Report.objects.get(pk=report.pk).limitations_text == "- Bản của người thứ nhất"


def test_the_way_to_approval_follows_the_rules(scene, staff_user, leader_user, liaison_a):
    report = drafted()
    with pytest.raises(PermissionDenied):
        services.report_edit(report=report, by=leader_user, version=report.version, results_text="x")
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, by=staff_user)
    with pytest.raises(ValidationError):  # not submitted yet
        services.report_approve(report=report, by=leader_user)
    services.report_submit(report=report, by=staff_user)
    with pytest.raises(ValidationError):  # a return says why
        services.report_return(report=report, by=leader_user, comment=" ")
    services.report_return(report=report, by=leader_user, comment="Viết lại phần hạn chế.")
    report.refresh_from_db()
    assert report.stage == Report.Stage.RETURNED
    assert [c.action for c in report.comments.all()] == ["submit", "return"]
    with pytest.raises(PermissionDenied):
        services.report_comment(report=report, by=liaison_a, text="x")


def test_approval_numbers_dates_issues_and_mails_the_pdf_once_each(
    scene, staff_user, leader_user, settings, client, login
):
    report = approved(drafted(), staff_user, leader_user)
    assert report.number == "1-BC/BTGDVTU"
    assert report.stage == Report.Stage.APPROVED
    entry = Entry.objects.get(report=report)
    assert (entry.year, entry.doc_type, entry.sequence, entry.issued_on) == (
        2026,
        "BC",
        1,
        datetime.date(2026, 7, 20),
    )
    done = services.report_render(report_id=report.pk, heartbeat=False)
    assert done is not None
    assert done.stage == Report.Stage.ISSUED
    assert done.issued_document.issued_sha256 == done.sha256
    text = flat(text_of(done.file.path))
    assert "Số 1-BC/BTGDVTU" in text
    assert "Khánh Hòa, ngày 20 tháng 7 năm 2026" in text
    assert "Hạn chế đã sửa: thiếu kinh phí." in text
    assert "Sở Giáo dục và Đào tạo: Tổ chức kỳ thi" in text

    home = current_province()
    first, second = home.recipient_list[0], home.recipient_list[1]
    home.recipient_addresses = f"{first}=vanthu@tinhuy.test\n{second}=bantw@example.test"
    home.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with SMTPServer() as smtp:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        assert notifications.report_dispatch(report_id=report.pk) == 2
        assert notifications.report_dispatch(report_id=report.pk) == 0  # a retried task sends nothing
        for address in ("vanthu@tinhuy.test", "bantw@example.test"):
            (message,) = smtp.inbox(address)
            (attachment,) = list(message.iter_attachments())
            assert attachment.get_content_type() == "application/pdf"
            assert attachment.get_content() == done.file.open("rb").read()
        assert len(smtp.received) == 2
    assert Dispatch.objects.filter(report=report).count() == 2
    # The recipients without an address are listed for staff, not skipped in silence.
    assert notifications.without_address(Report.objects.get(pk=report.pk)) == home.recipient_list[2:]
    login(staff_user)
    page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    for name in home.recipient_list[2:]:
        assert f"{name}: <strong>không có địa chỉ e-mail: gửi bằng tay</strong>" in page


def test_an_issued_report_and_its_number_never_change(scene, staff_user, leader_user, admin_user, rf):
    report = approved(drafted(), staff_user, leader_user)
    report = services.report_render(report_id=report.pk, heartbeat=False)
    entry = Entry.objects.get(report=report)
    for person in (staff_user, admin_user):
        with pytest.raises((ValidationError, PermissionDenied)):
            services.report_edit(report=report, by=person, version=report.version, results_text="x")
    for call in (
        lambda: services.report_submit(report=report, by=staff_user),
        lambda: services.report_return(report=report, by=leader_user, comment="x"),
        lambda: services.report_approve(report=report, by=leader_user),
        lambda: services.report_preview(report=report, by=staff_user),
    ):
        with pytest.raises(ValidationError):
            call()
    assert services.report_retry(report=report, by=staff_user) is False
    # Whatever the path: the model, a bulk update, a delete, raw rows.
    with pytest.raises(RegisterLocked):
        entry.save()
    with pytest.raises(RegisterLocked):
        entry.delete()
    for attempt in (
        lambda: Entry.objects.filter(pk=entry.pk).update(number="99-BC/BTGDVTU"),
        lambda: Entry.objects.filter(pk=entry.pk).delete(),
        lambda: Report.objects.filter(pk=report.pk).update(limitations_text="sửa lén"),
        lambda: Report.objects.filter(pk=report.pk).update(number="2-BC/BTGDVTU"),
        lambda: Report.objects.filter(pk=report.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    report.refresh_from_db()
    assert report.number == "1-BC/BTGDVTU"
    assert "Hạn chế đã sửa" in report.limitations_text
    # The admin: read-only for every role (admins included).
    request = rf.get("/")
    request.user = admin_user
    for model in (Entry, Report):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_change_permission(request, entry if model is Entry else report)
        assert not model_admin.has_add_permission(request)
    assert not admin.site._registry[Entry].has_delete_permission(request, entry)


def test_a_correction_is_a_new_report_naming_the_one_it_replaces(scene, staff_user, leader_user):
    report = approved(drafted(), staff_user, leader_user)
    report = services.report_render(report_id=report.pk, heartbeat=False)
    correction = services.report_correct(replaces=report, by=staff_user)
    assert correction.pk != report.pk
    assert correction.replaces == report
    assert correction.stage == Report.Stage.DRAFT
    assert correction.number == ""
    assert correction.limitations_text == report.limitations_text
    correction = approved(correction, staff_user, leader_user, limitations="- Đã đính chính.")
    correction = services.report_render(report_id=correction.pk, heartbeat=False)
    assert correction.number == "2-BC/BTGDVTU"
    assert "Báo cáo này thay thế Báo cáo số 1-BC/BTGDVTU" in flat(text_of(correction.file.path))


def test_system_cannot_approve(scene):
    report = drafted()
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, by=SYSTEM)


def test_the_register_page_and_its_xlsx_for_staff_and_leaders(
    scene, staff_user, leader_user, liaison_a, client, login
):
    import io

    from openpyxl import load_workbook

    report = approved(drafted(), staff_user, leader_user)
    services.report_render(report_id=report.pk, heartbeat=False)
    for person in (staff_user, leader_user):
        login(person)
        page = client.get("/bao-cao/so-van-ban-di/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "1-BC/BTGDVTU" in html
        assert "20/07/2026" in html
        assert "Báo cáo kết quả công tác khoa giáo 6 tháng đầu năm 2026" in html
        sheet = client.get("/bao-cao/so-van-ban-di/", {"format": "xlsx"})
        assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")
        rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
        assert rows[0][:4] == ("Số", "Ngày", "Loại", "Trích yếu")
        assert rows[1][0] == "1-BC/BTGDVTU"
        assert rows[1][1] == "20/07/2026"
        assert rows[1][6].endswith(f"/bao-cao/{report.pk}/tai-ve/")
    login(liaison_a)
    assert client.get("/bao-cao/so-van-ban-di/").status_code == 403


def test_the_history_shows_each_edit_of_the_sections(scene, staff_user, client, login):
    report = drafted()
    report = services.report_edit(
        report=report, by=staff_user, version=report.version, limitations_text="- Lần sửa thứ nhất"
    )
    services.report_edit(
        report=report, by=staff_user, version=report.version, limitations_text="- Lần sửa thứ hai"
    )
    login(staff_user)
    html = client.get(f"/bao-cao/{report.pk}/").content.decode()
    history = html[html.index('id="history-heading"') :]
    assert "Hạn chế và nguyên nhân" in history
    assert "Lần sửa thứ nhất" in history
    assert "Lần sửa thứ hai" in history


def test_a_unit_report_asked_for_as_a_draft_takes_the_same_way(
    scene, staff_user, leader_user, org_b, client, login
):
    login(staff_user)
    refused = client.post(
        "/bao-cao/tao-moi/",
        {"kind": "unit", "period": PERIOD, "organization": org_b.pk, "draft": "on", "number": "15"},
    )
    assert refused.status_code == 200
    assert not Report.objects.exists()
    response = client.post(
        "/bao-cao/tao-moi/", {"kind": "unit", "period": PERIOD, "organization": org_b.pk, "draft": "on"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.stage == Report.Stage.DRAFT
    # Only the unit's own passages: Sở Y tế, not Sở Giáo dục và Đào tạo.
    assert report.results_text.splitlines() == ["Y tế:", "- Sở Y tế: Tiêm chủng mở rộng đạt kế hoạch."]
    assert report.limitations_text == "- Sở Y tế: Thiếu thuốc ở tuyến xã."
    assert report.directions_text == ""
    services.report_submit(report=report, by=staff_user)
    report = services.report_approve(report=report, by=leader_user, at=APPROVED_AT)
    assert report.number == "1-BC/BTGDVTU"
    issued = services.report_render(report_id=report.pk, heartbeat=False)
    assert issued.stage == Report.Stage.ISSUED
    assert "Số 1-BC/BTGDVTU" in flat(text_of(issued.file.path))
