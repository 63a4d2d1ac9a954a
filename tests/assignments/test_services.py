"""The task services: several lead units at once, the progress rule, who may report what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assignments.models import Task, TaskAttachment, TaskUpdate
from assignments.services import (
    task_cancel,
    task_create,
    task_create_for_leads,
    task_reopen,
    task_report_progress,
    task_update,
)
from tests.assignments.factories import TaskFactory
from tests.assignments.helpers import html_as_pdf, pdf, stored_files
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def task(org_a, org_b):
    return TaskFactory(lead=org_b, cooperating=[org_a], assigned_on=today() - datetime.timedelta(days=30))


def test_one_form_assigns_one_task_per_lead_unit(staff_user, org_a, org_b):
    org_c = OrganizationFactory(code="so-c")
    directive = DirectiveFactory()
    tasks = task_create_for_leads(
        by=staff_user,
        leads=[org_a, org_b],
        cooperating=[org_b, org_c],
        title="Tuyên truyền Nghị quyết 71-NQ/TW",
        due_on=today() + datetime.timedelta(days=30),
        directive=directive,
    )
    assert [t.lead for t in tasks] == [org_a, org_b]
    # A unit that leads its own copy is not also listed as cooperating on it.
    assert set(tasks[0].cooperating.all()) == {org_b, org_c}
    assert set(tasks[1].cooperating.all()) == {org_c}
    assert all(t.directive == directive and t.created_by == staff_user for t in tasks)


def test_assigning_to_several_units_is_all_or_nothing(staff_user, org_a, org_b):
    before = Task.objects.count()
    with pytest.raises(Exception):  # noqa: B017, PT011 the database refuses the second task (no source)
        task_create_for_leads(by=staff_user, leads=[org_a, org_b], title="Không có nguồn", due_on=today())
    assert Task.objects.count() == before


def test_task_create_keeps_the_signature_the_meetings_app_calls(staff_user, org_a):
    task = task_create(
        by=staff_user,
        title="Nhiệm vụ từ hội nghị",
        lead=org_a,
        due_on=today(),
        cooperating=(),
        description="",
        directive=DirectiveFactory(),
        meeting=None,
        agreement_item=None,
        field=None,
        assigned_on=None,
    )
    assert task.assigned_on == today()


def test_progress_is_the_lead_units_latest_percentage(task, liaison_a, liaison_b, staff_user):
    task_report_progress(task=task, by=liaison_b, text="Đã xây dựng kế hoạch", progress=30)
    task_report_progress(task=task, by=liaison_a, text="Đơn vị phối hợp đã gửi số liệu")
    task.refresh_from_db()
    assert task.progress == 30
    task_report_progress(
        task=task,
        by=staff_user,
        text="Sở báo cáo qua công văn",
        progress=55,
        reported_on=today() - datetime.timedelta(days=2),
    )
    task.refresh_from_db()
    assert (task.progress, task.shown_progress, task.version) == (55, 55, 3)


def test_completion_is_100_percent_and_sets_the_completion_date(task, liaison_b):
    task_report_progress(task=task, by=liaison_b, text="Hoàn thành", marks_done=True)
    task.refresh_from_db()
    assert task.completed_on == today()
    assert task.shown_progress == 100
    assert TaskUpdate.objects.get(task=task).progress == 100


def test_100_percent_without_completion_is_refused(task, liaison_b):
    with pytest.raises(ValidationError, match="100"):
        task_report_progress(task=task, by=liaison_b, text="Xong", progress=100)


def test_a_cancelled_task_shows_no_percentage_and_reopening_restores_the_last_report(
    task, liaison_b, staff_user
):
    task_report_progress(task=task, by=liaison_b, text="Được một nửa", progress=50)
    task_report_progress(task=task, by=liaison_b, text="Xong", marks_done=True)
    task_reopen(task=task, by=staff_user, reason="Thiếu số liệu")
    task.refresh_from_db()
    assert (task.completed_on, task.progress) == (None, 50)
    task_cancel(task=task, by=staff_user, reason="Trùng nhiệm vụ")
    task.refresh_from_db()
    assert task.cancelled_on == today()
    assert task.shown_progress is None
    kinds = list(task.updates.order_by("created_at", "id").values_list("kind", flat=True))
    assert kinds == ["progress", "progress", "reopened", "cancelled"]


def test_a_closed_task_takes_no_more_reports(task, liaison_b, staff_user):
    task_cancel(task=task, by=staff_user)
    with pytest.raises(ValidationError, match="mở lại"):
        task_report_progress(task=task, by=liaison_b, text="Vẫn báo cáo")
    with pytest.raises(ValidationError):
        task_cancel(task=task, by=staff_user)


def test_a_cooperating_unit_reports_text_only(task, liaison_a):
    with pytest.raises(ValidationError, match="Chỉ đơn vị chủ trì"):
        task_report_progress(task=task, by=liaison_a, text="Xong phần việc", progress=80)
    with pytest.raises(ValidationError):
        task_report_progress(task=task, by=liaison_a, text="Xong", marks_done=True)
    update = task_report_progress(task=task, by=liaison_a, text="Đã gửi số liệu phần việc của Sở")
    assert update.organization == liaison_a.organization
    task.refresh_from_db()
    assert (task.progress, task.completed_on, task.version) == (0, None, 1)


def test_a_liaison_always_reports_as_of_today(task, liaison_b):
    update = task_report_progress(
        task=task,
        by=liaison_b,
        text="Báo cáo lùi ngày",
        marks_done=True,
        reported_on=today() - datetime.timedelta(days=20),
    )
    assert update.reported_on == today()
    task.refresh_from_db()
    assert task.completed_on == today()


def test_staff_may_record_an_earlier_report_but_not_a_future_one(task, staff_user):
    with pytest.raises(ValidationError, match="tương lai"):
        task_report_progress(
            task=task, by=staff_user, text="x", reported_on=today() + datetime.timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="trước ngày giao"):
        task_report_progress(
            task=task,
            by=staff_user,
            text="x",
            reported_on=task.assigned_on - datetime.timedelta(days=1),
        )


def test_leaders_and_other_units_cannot_report(task, leader_user, ban):
    from tests.factories import UserFactory

    stranger = UserFactory(
        username="liaison_c", role="liaison", organization=OrganizationFactory(code="so-c")
    )
    for user in (leader_user, stranger):
        with pytest.raises(PermissionDenied):
            task_report_progress(task=task, by=user, text="Không được phép")
    assert not TaskUpdate.objects.exists()


def test_a_classified_source_refuses_attachments(org_b, liaison_b, private_root):
    secret = DirectiveFactory(classification="mat", title="")
    task = TaskFactory(lead=org_b, directive=secret, assigned_on=today())
    with pytest.raises(ValidationError, match="văn bản mật"):
        task_report_progress(task=task, by=liaison_b, text="Kèm tài liệu", files=[pdf()])
    assert not TaskUpdate.objects.exists()
    assert not TaskAttachment.objects.exists()
    assert stored_files(private_root) == []


def test_a_refused_file_rolls_back_the_whole_report(task, liaison_b, private_root):
    with pytest.raises(ValidationError):
        task_report_progress(
            task=task, by=liaison_b, text="Có tệp lỗi", progress=40, files=[pdf(), html_as_pdf()]
        )
    task.refresh_from_db()
    assert (task.progress, task.version) == (0, 1)
    assert not TaskUpdate.objects.exists()
    assert stored_files(private_root) == []


def test_edit_refuses_a_stale_version_and_changes_nothing(task, staff_user, org_a):
    task_update(
        task=task,
        by=staff_user,
        version=1,
        cooperating=[],
        title="Tiêu đề mới",
        due_on=task.due_on + datetime.timedelta(days=10),
    )
    from khoagiao.locking import Conflict

    with pytest.raises(Conflict) as caught:
        task_update(task=task, by=staff_user, version=1, cooperating=[org_a], title="Ghi đè")
    task.refresh_from_db()
    assert (task.title, task.version) == ("Tiêu đề mới", 2)
    labels = {change.label for change in caught.value.changes}
    assert {"Tiêu đề", "Hạn hoàn thành", "Đơn vị phối hợp"} <= labels, labels
