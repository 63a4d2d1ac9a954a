"""The reports pages: archive, request form (errors in Vietnamese, nothing lost), a report's page,
its status for the poller, the download, trying again; and the render_report command."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from reports.models import Report
from tests.reports.factories import ReportFactory, ready_report

pytestmark = pytest.mark.django_db


def test_the_archive_lists_reports_with_their_status_and_filters_them(login, leader_user, org_a):
    ready_one = ReportFactory(status="ready", kind="unit", organization=org_a, number="15-BC/BTGDVTU")
    failed_one = ReportFactory(status="failed", period="2025-Y")
    client = login(leader_user)
    page = client.get("/bao-cao/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Đã xong" in html
    assert "Lỗi" in html
    assert "15-BC/BTGDVTU" in html
    assert list(client.get("/bao-cao/", {"status": "failed"}).context["reports"]) == [failed_one]
    assert list(client.get("/bao-cao/", {"year": 2026, "period": "H1"}).context["reports"]) == [ready_one]
    assert list(client.get("/bao-cao/", {"period": "Y"}).context["reports"]) == [failed_one]


def test_the_archive_shows_the_schedules(login, admin_user):
    import importlib

    from django.apps import apps

    importlib.import_module("reports.migrations.0002_schedules").add_schedules(apps, None)
    html = login(admin_user).get("/bao-cao/").content.decode()
    assert "Báo cáo định kỳ của Ban (sau mỗi kỳ)" in html
    assert "ngày 5 tháng đầu mỗi quý, 06:00" in html
    assert "thứ Hai hằng tuần, 07:00" in html
    assert "0 6 5 1,4,7,10 *" not in html
    assert "/quan-tri/django_celery_beat/periodictask/" in html


def test_a_request_with_a_mistake_is_shown_again_with_the_message_and_what_was_typed(login, staff_user):
    response = login(staff_user).post(
        "/bao-cao/tao-moi/",
        {"kind": "unit", "period": "2026-H1", "number": "mười lăm", "signer_name": "Trần Văn Hùng"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hãy chọn đơn vị của báo cáo." in html
    assert "Nhập số theo dạng 15 hoặc 15-BC/BTGDVTU." in html
    assert 'value="Trần Văn Hùng"' in html
    assert not Report.objects.exists()


def test_asking_twice_leads_to_the_same_report(login, staff_user):
    client = login(staff_user)
    first = client.post("/bao-cao/tao-moi/", {"kind": "ban", "period": "2026-H1", "number": "Số 15"})
    second = client.post(
        "/bao-cao/tao-moi/", {"kind": "ban", "period": "2026-H1", "number": "Số 15"}, follow=True
    )
    assert first["Location"] == second.redirect_chain[0][0]
    assert Report.objects.get().number == "15"
    assert "Báo cáo này đang được tạo" in second.content.decode()


def test_a_queued_report_page_says_it_waits_and_refreshes(login, leader_user):
    report = ReportFactory(requested_by=leader_user)
    html = login(leader_user).get(f"/bao-cao/{report.pk}/").content.decode()
    assert "chưa kết nối được bộ xử lý nền" in html  # never sent: enqueued_at is empty
    assert "data-poll" in html
    assert f'href="/bao-cao/{report.pk}/"' in html  # the refresh link that works without JavaScript
    assert "js/reports.js" in html
    Report.objects.filter(pk=report.pk).update(enqueued_at=datetime.datetime(2026, 7, 5, tzinfo=datetime.UTC))
    html = login(leader_user).get(f"/bao-cao/{report.pk}/").content.decode()
    assert "Yêu cầu đang chờ bộ xử lý nền." in html


def test_the_status_answers_the_poller(login, staff_user):
    report = ReportFactory(status="rendering", attempts=1)
    data = login(staff_user).get(f"/bao-cao/{report.pk}/trang-thai/").json()
    assert data == {
        "status": "rendering",
        "label": "Đang tạo",
        "finished": False,
        "waiting_for_broker": False,
        "attempts": 1,
        "error": "",
    }


def test_a_failed_report_shows_its_error_and_can_be_tried_again(login, staff_user):
    report = ReportFactory(
        status="failed", attempts=3, last_error="Không tạo được báo cáo: tiến trình bị dừng."
    )
    client = login(staff_user)
    html = client.get(f"/bao-cao/{report.pk}/").content.decode()
    assert "Không tạo được báo cáo: tiến trình bị dừng." in html
    assert "Thử lại" in html
    response = client.post(f"/bao-cao/{report.pk}/thu-lai/", follow=True)
    assert "Đã đưa báo cáo vào hàng đợi lại." in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("queued", 0)
    page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    assert "Lịch sử" in page
    assert "<ins>Đang chờ xử lý</ins>" in page  # the history: status changed to queued


def test_the_download_is_a_private_attachment(private_files, login, leader_user, org_a):
    report = ready_report(kind="unit", organization=org_a)
    response = login(leader_user).get(f"/bao-cao/{report.pk}/tai-ve/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_a_report_not_ready_has_nothing_to_download(login, leader_user):
    report = ReportFactory(status="rendering")
    assert login(leader_user).get(f"/bao-cao/{report.pk}/tai-ve/").status_code == 404


# --- the command ------------------------------------------------------------------------------


@pytest.mark.pdftools
@pytest.mark.parametrize("period", ["2024-Q1", "2024-H1", "2024-9M", "2024-Y"])
def test_render_report_renders_synchronously(private_files, ban, org_a, tmp_path, period, capsys):
    output = tmp_path / f"bao-cao-{period}.pdf"
    call_command("render_report", "--period", period, "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF-")
    report = Report.objects.get()
    assert (report.status, report.period.kind, report.requested_by) == ("ready", period[5:], None)
    assert str(output) in capsys.readouterr().out


@pytest.mark.pdftools
def test_render_report_for_one_unit(private_files, ban, org_a):
    call_command("render_report", "--period", "2024-H1", "--unit", org_a.code)
    report = Report.objects.get()
    assert (report.kind, report.organization) == ("unit", org_a)


def test_render_report_refuses_what_it_cannot_understand(db):
    with pytest.raises(CommandError, match="is not a period"):
        call_command("render_report", "--period", "2024-Q5")
    with pytest.raises(CommandError, match="no unit"):
        call_command("render_report", "--period", "2024-Q1", "--unit", "khong-co")
