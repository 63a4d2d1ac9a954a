"""The meeting pages through the test client: what each role sees and can do, in Vietnamese."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Conclusion, Meeting, MeetingAttachment, MeetingReport
from organizations.models import KhoiMembership
from tests.factories import OrganizationFactory
from tests.meetings.factories import (
    PDF_BYTES,
    ConclusionFactory,
    FindingFactory,
    MeetingFactory,
    MeetingReportFactory,
    approved_meeting,
)
from tests.security.test_url_matrix import db_snapshot

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_the_list_filters_by_year_and_period_and_searches_without_accents(login, staff_user, org_a):
    MeetingFactory(
        title="Hội nghị giao ban công tác khoa giáo quý I năm 2022",
        period="2022-Q1",
        starts_at=datetime.datetime(2022, 4, 1, 7, tzinfo=datetime.UTC),
    )
    MeetingFactory(title="Hội nghị giao ban công tác khoa giáo 6 tháng đầu năm 2026", period="2026-H1")
    client = login(staff_user)
    page = text(client.get(reverse("meetings:list"), {"year": 2022}))
    assert "quý I năm 2022" in page
    assert "6 tháng đầu năm 2026" not in page
    page = text(client.get(reverse("meetings:list"), {"period": "H1"}))
    assert "6 tháng đầu năm 2026" in page
    assert "quý I năm 2022" not in page
    page = text(client.get(reverse("meetings:list"), {"q": "GIAO BAN QUY I"}))
    assert "quý I năm 2022" in page
    assert "6 tháng đầu năm 2026" not in page
    page = text(client.get(reverse("meetings:list"), {"q": "không có hội nghị này"}))
    assert "Không có hội nghị nào phù hợp với bộ lọc." in page


def test_staff_see_the_reporting_rate_and_a_liaison_its_own_report(
    login, staff_user, liaison_a, org_a, org_b
):
    meeting = MeetingFactory(invited=[org_a, org_b])
    MeetingReportFactory(meeting=meeting, organization=org_b)
    page = text(login(staff_user).get(reverse("meetings:list")))
    assert "1/2 đã gửi, 1 đúng hạn" in page
    page = text(login(liaison_a).get(reverse("meetings:list")))
    assert "Viết báo cáo" in page
    assert "1/2" not in page


def test_staff_create_a_meeting_with_the_khoi_members_invited_by_default(
    login, staff_user, ban, org_a, org_b
):
    KhoiMembership.objects.create(organization=org_a, valid_from=datetime.date(2021, 1, 1))
    client = login(staff_user)
    form = client.get(reverse("meetings:create")).context["form"]
    assert form.initial["invited"] == [org_a.pk]
    assert form.initial["organizer"] == ban.pk
    response = client.post(
        reverse("meetings:create"),
        {
            "kind": "giao_ban",
            "period": "2026-H1",
            "title": "",
            "day": "25/06/2026",
            "time": "08:00",
            "place": "Hội trường",
            "organizer": ban.pk,
            "report_due_on": "15/06/2026",
            "invited": [org_a.pk, org_b.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert meeting.title == "Hội nghị giao ban công tác khoa giáo 6 tháng đầu năm 2026"
    assert meeting.local_start.strftime("%d/%m/%Y %H:%M") == "25/06/2026 08:00"
    assert set(meeting.invited.all()) == {org_a, org_b}


def test_a_wrong_date_gets_a_vietnamese_message_and_keeps_what_was_typed(login, staff_user, ban, org_a):
    response = login(staff_user).post(
        reverse("meetings:create"),
        {
            "kind": "giao_ban",
            "period": "",
            "day": "31/02/2026",
            "time": "8 giờ",
            "place": "Hội trường Tỉnh ủy",
            "organizer": ban.pk,
            "agenda": "Nội dung đã gõ",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy" in page
    assert "Nhập giờ theo dạng hh:mm" in page
    assert "Hội nghị giao ban phải gắn với một kỳ báo cáo" in page
    assert "Hội trường Tỉnh ủy" in page
    assert "Nội dung đã gõ" in page
    assert not Meeting.objects.exists()


def test_a_unit_that_no_longer_existed_cannot_be_invited(login, staff_user, ban):
    old = OrganizationFactory(
        name="Sở Thông tin và Truyền thông", short_name="Sở TT&TT", valid_to=datetime.date(2025, 2, 28)
    )
    response = login(staff_user).post(
        reverse("meetings:create"),
        {
            "kind": "giao_ban",
            "period": "2026-H1",
            "day": "25/06/2026",
            "time": "08:00",
            "organizer": ban.pk,
            "invited": [old.pk],
        },
    )
    assert "Sở TT&amp;TT không còn tồn tại vào ngày 25/06/2026" in text(response)


def test_a_liaison_submits_its_report_with_a_signed_file(login, liaison_a, org_a, org_b, private_files):
    meeting = MeetingFactory(invited=[org_a, org_b], report_due_on=datetime.date(2099, 1, 1))
    url = reverse("meetings:report", kwargs={"pk": meeting.pk, "org_pk": org_a.pk})
    client = login(liaison_a)
    response = client.post(
        url,
        {
            "action": "submit",
            "results": "Đã tổ chức 12 lớp tập huấn.",
            "limitations": "",
            "proposals": "",
            "file": SimpleUploadedFile("Báo cáo số 15.pdf", PDF_BYTES, content_type="application/pdf"),
        },
        follow=True,
    )
    assert "Đã gửi báo cáo. Xin cảm ơn." in text(response)
    report = MeetingReport.objects.get(meeting=meeting, organization=org_a)
    assert report.submitted_by == liaison_a
    assert not report.is_late
    attachment = MeetingAttachment.objects.get(report=report)
    assert attachment.original_name == "Báo cáo số 15.pdf"
    assert (private_files / attachment.file.name).exists()


def test_submitting_without_results_or_with_a_disguised_file_loses_nothing(login, liaison_a, org_a):
    meeting = MeetingFactory(invited=[org_a])
    url = reverse("meetings:report", kwargs={"pk": meeting.pk, "org_pk": org_a.pk})
    response = login(liaison_a).post(
        url,
        {
            "action": "submit",
            "results": "",
            "limitations": "Thiếu kinh phí",
            "proposals": "Đề nghị bổ sung",
            "file": SimpleUploadedFile("bao-cao.pdf", b"<html><script>alert(1)</script></html>"),
        },
    )
    page = text(response)
    assert "Hãy nhập kết quả đạt được trước khi gửi báo cáo." in page
    assert "Nội dung của tệp “bao-cao.pdf” không phải là tệp .pdf." in page
    assert "Thiếu kinh phí" in page
    assert "Đề nghị bổ sung" in page
    assert not MeetingReport.objects.exists()
    assert not MeetingAttachment.objects.exists()


def test_a_late_report_is_accepted_and_marked(login, liaison_a, org_a):
    meeting = MeetingFactory(invited=[org_a], report_due_on=datetime.date(2020, 1, 1))
    url = reverse("meetings:report", kwargs={"pk": meeting.pk, "org_pk": org_a.pk})
    response = login(liaison_a).post(url, {"action": "submit", "results": "Kết quả"}, follow=True)
    assert "Báo cáo được gửi sau thời hạn và được đánh dấu là gửi muộn." in text(response)
    assert MeetingReport.objects.get().is_late


def test_a_liaison_cannot_open_or_write_another_units_report(login, liaison_a, org_a, org_b):
    meeting = MeetingFactory(invited=[org_a, org_b])
    MeetingReportFactory(meeting=meeting, organization=org_b, results="Bí mật của Sở Y tế")
    url = reverse("meetings:report", kwargs={"pk": meeting.pk, "org_pk": org_b.pk})
    client = login(liaison_a)
    before = db_snapshot()
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "submit", "results": "ghi đè"}).status_code == 404
    assert db_snapshot() == before
    page = text(client.get(meeting.get_absolute_url()))
    assert "Bí mật của Sở Y tế" not in page
    assert "Sở Y tế" in page  # the invited units are named, their reports are not shown


def test_staff_record_the_outcome_on_one_page_without_javascript(login, staff_user, ban, org_a, org_b):
    meeting = MeetingFactory(organizer=ban, invited=[org_a, org_b])
    url = reverse("meetings:outcome", kwargs={"pk": meeting.pk})
    client = login(staff_user)
    page = client.get(url)
    assert page.context["tasks"].total_form_count() == 3  # blank rows to fill without JavaScript
    data = {
        "version": meeting.version,
        "number": "12-tb/btgdvtu",
        "issued_on": "30/06/2026",
        "attended": [org_a.pk],
        "text": "Đề nghị các đơn vị thực hiện tốt các nhiệm vụ sau.",
        "signing_authority": "K/T TRƯỞNG BAN",
        "signer_position": "PHÓ TRƯỞNG BAN",
        "signer_name": "Trần Văn Hùng",
        "recipients": "Lưu VP",
        "findings-TOTAL_FORMS": 2,
        "findings-INITIAL_FORMS": 0,
        "findings-0-kind": "result",
        "findings-0-organization": org_a.pk,
        "findings-0-text": "Hoàn thành 100% kế hoạch.",
        "findings-1-kind": "result",
        "findings-1-text": "",
        "tasks-TOTAL_FORMS": 3,
        "tasks-INITIAL_FORMS": 0,
        "tasks-0-title": "Tuyên truyền Nghị quyết 71-NQ/TW",
        "tasks-0-lead": org_a.pk,
        "tasks-0-cooperating": [org_b.pk],
        "tasks-0-due_on": "31/12/2026",
        "tasks-1-title": "",
        "tasks-2-title": "",
        "proposals-TOTAL_FORMS": 1,
        "proposals-INITIAL_FORMS": 0,
        "proposals-0-content": "Bổ sung kinh phí.",
        "proposals-0-forwarded_to": "Ủy ban nhân dân tỉnh",
    }
    response = client.post(url, data, follow=True)
    assert "Đã lưu kết quả hội nghị." in text(response)
    conclusion = Conclusion.objects.get(meeting=meeting)
    assert conclusion.number == "12-TB/BTGDVTU"
    assert conclusion.issued_on == datetime.date(2026, 6, 30)
    assert meeting.findings.count() == 1
    assert meeting.task_items.get().lead == org_a
    assert meeting.proposals.get().forwarded_to == "Ủy ban nhân dân tỉnh"
    assert list(meeting.attended.all()) == [org_a]

    # A bad deadline and a bad number: nothing saved, everything typed still on the page.
    data |= {
        "version": Meeting.objects.get(pk=meeting.pk).version,
        "number": "12/BTG",
        "findings-INITIAL_FORMS": 0,
        "tasks-1-title": "Nhiệm vụ có thời hạn sai",
        "tasks-1-lead": org_b.pk,
        "tasks-1-due_on": "32/13/2026",
    }
    response = client.post(url, data)
    page = text(response)
    assert "Chưa lưu được kết quả" in page
    assert "Nhiệm vụ có thời hạn sai" in page
    assert "Nhập ngày theo dạng dd/mm/yyyy" in page
    assert meeting.task_items.count() == 1


def test_a_stale_outcome_form_is_refused_with_a_message(login, staff_user, org_a):
    meeting = MeetingFactory(invited=[org_a])
    ConclusionFactory(meeting=meeting, text="Bản của người khác")
    Meeting.objects.filter(pk=meeting.pk).update(version=5)
    url = reverse("meetings:outcome", kwargs={"pk": meeting.pk})
    data = {
        "version": 4,
        "text": "Bản cũ của tôi",
        "findings-TOTAL_FORMS": 0,
        "findings-INITIAL_FORMS": 0,
        "tasks-TOTAL_FORMS": 0,
        "tasks-INITIAL_FORMS": 0,
        "proposals-TOTAL_FORMS": 0,
        "proposals-INITIAL_FORMS": 0,
    }
    page = text(login(staff_user).post(url, data))
    assert "Chưa lưu: người khác đã sửa hội nghị này sau khi bạn mở." in page
    assert "Bản cũ của tôi" in page
    assert Conclusion.objects.get().text == "Bản của người khác"


def test_the_leader_approves_from_the_meeting_page(login, leader_user, staff_user, org_a):
    meeting = MeetingFactory(invited=[org_a])
    ConclusionFactory(meeting=meeting)
    FindingFactory(meeting=meeting)
    client = login(leader_user)
    assert "Phê duyệt kết luận" in text(client.get(meeting.get_absolute_url()))
    response = client.post(reverse("meetings:approve", kwargs={"pk": meeting.pk}), follow=True)
    assert "Đã phê duyệt kết luận." in text(response)
    assert Meeting.objects.get(pk=meeting.pk).is_locked


@pytest.mark.parametrize(
    ("name", "role", "data"),
    [
        ("meetings:edit", "staff_user", {"place": "Nơi khác"}),
        ("meetings:outcome", "staff_user", {"text": "Sửa sau khi duyệt"}),
        ("meetings:attachment_add", "staff_user", {}),
        ("meetings:approve", "leader_user", {}),
    ],
)
def test_an_approved_meeting_refuses_edits_with_a_clear_message(request, login, org_a, name, role, data):
    meeting = approved_meeting(invited=[org_a])
    client = login(request.getfixturevalue(role))
    before = db_snapshot()
    response = client.post(reverse(name, kwargs={"pk": meeting.pk}), data, follow=True)
    assert db_snapshot() == before
    page = text(response)
    assert (
        response.redirect_chain[-1][0] == meeting.get_absolute_url() or "#" in response.redirect_chain[-1][0]
    )
    assert "đã được phê duyệt" in page


def test_an_approved_meeting_refuses_a_liaisons_report(login, liaison_a, org_a):
    meeting = approved_meeting(invited=[org_a])
    url = reverse("meetings:report", kwargs={"pk": meeting.pk, "org_pk": org_a.pk})
    client = login(liaison_a)
    assert "không thể sửa báo cáo nữa" in text(client.get(url))
    before = db_snapshot()
    response = client.post(url, {"action": "submit", "results": "Muộn"}, follow=True)
    assert db_snapshot() == before
    assert "Kết luận của hội nghị này đã được phê duyệt nên không thể sửa nữa." in text(response)


def test_reopening_shows_the_reason_and_the_approved_version(login, staff_user, leader_user, org_a):
    meeting = MeetingFactory(invited=[org_a])
    ConclusionFactory(meeting=meeting, text="Nội dung phiên bản một")
    login(leader_user).post(reverse("meetings:approve", kwargs={"pk": meeting.pk}))
    client = login(staff_user)
    response = client.post(reverse("meetings:reopen", kwargs={"pk": meeting.pk}), {"reason": ""}, follow=True)
    assert "Hãy nêu lý do mở lại hội nghị." in text(response)
    response = client.post(
        reverse("meetings:reopen", kwargs={"pk": meeting.pk}), {"reason": "Sai số thông báo"}, follow=True
    )
    page = text(response)
    assert "Đã mở lại hội nghị." in page
    assert "Phiên bản 1" in page
    assert "Sai số thông báo" in page
    assert "Nội dung phiên bản một" in page


def test_attachments_download_privately_and_only_to_those_who_see_the_meeting(
    login, staff_user, liaison_a, liaison_b, org_b, private_files
):
    meeting = MeetingFactory(invited=[org_b])
    client = login(staff_user)
    upload = SimpleUploadedFile("Biên bản hội nghị.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        reverse("meetings:attachment_add", kwargs={"pk": meeting.pk}),
        {"file": upload, "description": "Biên bản"},
        follow=True,
    )
    assert "Đã đính kèm “Biên bản hội nghị.pdf”." in text(response)
    attachment = MeetingAttachment.objects.get()
    url = reverse("meetings:attachment", kwargs={"pk": meeting.pk, "attachment_pk": attachment.pk})
    download = login(liaison_b).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "attachment" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert login(liaison_a).get(url).status_code == 404
    bad = SimpleUploadedFile("anh.png", b"GIF89a not a png")
    response = login(staff_user).post(
        reverse("meetings:attachment_add", kwargs={"pk": meeting.pk}), {"file": bad}, follow=True
    )
    assert "Nội dung của tệp “anh.png” không phải là tệp .png." in text(response)
    assert MeetingAttachment.objects.count() == 1


def test_a_liaison_reads_the_conclusion_only_once_approved(login, liaison_a, org_a):
    meeting = MeetingFactory(invited=[org_a])
    ConclusionFactory(meeting=meeting, text="Dự thảo kết luận chưa duyệt")
    client = login(liaison_a)
    assert "Dự thảo kết luận chưa duyệt" not in text(client.get(meeting.get_absolute_url()))
    assert client.get(reverse("meetings:notice_pdf", kwargs={"pk": meeting.pk})).status_code == 404
    Conclusion.objects.filter(meeting=meeting).update(status=Conclusion.Status.APPROVED)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CONCLUDED)
    assert "Dự thảo kết luận chưa duyệt" in text(client.get(meeting.get_absolute_url()))


def test_the_approved_outcome_links_only_the_tasks_its_reader_may_open(
    login, staff_user, leader_user, liaison_a, org_a, org_b
):
    from meetings import services

    meeting = MeetingFactory(invited=[org_a, org_b])
    rows = [
        {"title": title, "lead": lead, "cooperating": [], "due_on": datetime.date(2026, 12, 31)}
        for title, lead in (("Nhiệm vụ của Sở A", org_a), ("Nhiệm vụ của Sở B", org_b))
    ]
    services.meeting_outcome_save(
        meeting=meeting,
        by=staff_user,
        version=meeting.version,
        conclusion={"text": "Kết luận"},
        task_items=rows,
    )
    services.conclusion_approve(meeting=meeting, by=leader_user)
    own, other = (meeting.task_items.get(lead=org).task_id for org in (org_a, org_b))

    def task_links(client):
        page = text(client.get(meeting.get_absolute_url()))
        return {ref for ref in (own, other) if reverse("assignments:detail", args=[ref]) in page}

    liaison = login(liaison_a)
    page = text(liaison.get(meeting.get_absolute_url()))
    assert "Nhiệm vụ của Sở A" in page
    assert "Nhiệm vụ của Sở B" in page  # the notice is the same for every unit...
    assert task_links(liaison) == {own}  # ...but only the unit's own task is a link
    assert task_links(login(staff_user)) == {own, other}
