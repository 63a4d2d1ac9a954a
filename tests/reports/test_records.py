"""Issue #18, acceptance 5 for the records around an issued report: the comments on its way to the
register and its mail log (Dispatch) are never changed or deleted through any path — the pages,
the admin, the services, the model, a bulk query — by any role; the database refuses too."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from organizations.provinces import current_province
from reports import notifications, services
from reports.models import Dispatch, RecordLocked, Report, ReportComment
from tests.reports.drafting import PERIOD, at, giao_ban_scene

pytestmark = pytest.mark.django_db
APPROVED_AT = at(datetime.date(2026, 7, 20), 9)


@pytest.fixture
def issued(ban, org_a, org_b, khoa_giao_fields, staff_user, leader_user, settings):
    giao_ban_scene(ban, org_a, org_b, khoa_giao_fields)
    report, _ = services.report_schedule_run(
        schedule_name="Báo cáo định kỳ", period=PERIOD, today=datetime.date(2026, 7, 15)
    )
    services.report_comment(report=report, by=leader_user, text="Bổ sung nguyên nhân của hạn chế.")
    services.report_submit(report=report, by=staff_user, comment="Đã bổ sung.")
    report = services.report_approve(report=report, by=leader_user, at=APPROVED_AT, comment="Đồng ý.")
    report = services.report_render(report_id=report.pk, heartbeat=False)
    assert report.stage == Report.Stage.ISSUED
    home = current_province()
    home.recipient_addresses = f"{home.recipient_list[0]}=vanthu@tinhuy.test"
    home.save()
    assert notifications.report_dispatch(report_id=report.pk) == 1
    return report


def _sql(statement, pk):
    with connection.cursor() as cursor:
        cursor.execute(statement, [pk])


def _refused_by_the_database(*attempts):
    for attempt in attempts:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()


def test_the_comments_of_an_issued_report_never_change(issued, staff_user, leader_user, admin_user):
    comments = list(ReportComment.objects.filter(report=issued))
    assert [c.text for c in comments] == ["Bổ sung nguyên nhân của hạn chế.", "Đã bổ sung.", "Đồng ý."]
    texts = [c.text for c in comments]
    comment = comments[0]
    # The services: no new word on an issued report, whoever asks.
    for person in (staff_user, leader_user, admin_user):
        with pytest.raises(ValidationError):
            services.report_comment(report=issued, by=person, text="Sửa lại ý kiến.")
    # The model.
    comment.text = "sửa lén"
    with pytest.raises(RecordLocked):
        comment.save()
    with pytest.raises(RecordLocked):
        comment.delete()
    # Whatever the path: a bulk update or delete, a new row, raw SQL.
    _refused_by_the_database(
        lambda: ReportComment.objects.filter(pk=comment.pk).update(text="sửa lén"),
        lambda: ReportComment.objects.filter(pk=comment.pk).update(author=staff_user),
        lambda: ReportComment.objects.filter(report=issued).delete(),
        lambda: ReportComment.objects.create(report=issued, text="thêm sau khi ban hành"),
        lambda: _sql("UPDATE reports_reportcomment SET text = 'sửa lén' WHERE id = %s", comment.pk),
        lambda: _sql("DELETE FROM reports_reportcomment WHERE id = %s", comment.pk),
    )
    assert [c.text for c in ReportComment.objects.filter(report=issued)] == texts


def test_the_mail_log_of_an_issued_report_never_changes(issued, admin_user):
    (sent,) = Dispatch.objects.filter(report=issued)
    assert sent.status == Dispatch.Status.SENT
    assert sent.address == "vanthu@tinhuy.test"
    sent.address = "khac@example.test"
    with pytest.raises(RecordLocked):
        sent.save()
    with pytest.raises(RecordLocked):
        sent.delete()
    # Giving back a claim touches only a claim still being sent, never a sent mail.
    assert Dispatch.give_back(report=issued, address="vanthu@tinhuy.test")[0] == 0
    _refused_by_the_database(
        lambda: Dispatch.objects.filter(pk=sent.pk).update(address="khac@example.test"),
        lambda: Dispatch.objects.filter(pk=sent.pk).update(status=Dispatch.Status.SENDING),
        lambda: Dispatch.objects.filter(pk=sent.pk).delete(),
        lambda: _sql("DELETE FROM reports_dispatch WHERE id = %s", sent.pk),
    )
    sent.refresh_from_db()
    assert (sent.address, sent.status) == ("vanthu@tinhuy.test", Dispatch.Status.SENT)
    # A retried task sends nothing more.
    assert notifications.report_dispatch(report_id=issued.pk) == 0


def test_a_failed_send_gives_its_claim_back_and_the_next_run_sends_it(issued, settings, mailoutbox):
    home = current_province()
    second = home.recipient_list[1]
    home.recipient_addresses = f"{home.recipient_list[0]}=vanthu@tinhuy.test\n{second}=bantw@example.test"
    home.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with pytest.raises(ConnectionRefusedError):
        notifications.report_dispatch(report_id=issued.pk)
    assert not Dispatch.objects.filter(report=issued, address="bantw@example.test").exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.report_dispatch(report_id=issued.pk) == 1
    assert Dispatch.objects.get(report=issued, address="bantw@example.test").status == Dispatch.Status.SENT


def test_the_admin_only_reads_comments_and_the_mail_log(issued, admin_user, client, rf):
    request = rf.get("/")
    request.user = admin_user
    comment = ReportComment.objects.filter(report=issued).first()
    sent = Dispatch.objects.get(report=issued)
    for model, obj in ((ReportComment, comment), (Dispatch, sent)):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, obj)
        assert not model_admin.has_delete_permission(request, obj)


def test_no_page_changes_a_comment_of_an_issued_report(issued, leader_user, client, login):
    login(leader_user)
    before = ReportComment.objects.filter(report=issued).count()
    response = client.post(f"/bao-cao/{issued.pk}/y-kien/", {"text": "Ý kiến sau khi ban hành."}, follow=True)
    assert response.status_code == 200
    assert ReportComment.objects.filter(report=issued).count() == before
    for action in ("tra-lai", "phe-duyet", "trinh", "soan-thao"):
        client.post(f"/bao-cao/{issued.pk}/{action}/", {"text": "x", "version": issued.version})
    assert ReportComment.objects.filter(report=issued).count() == before
