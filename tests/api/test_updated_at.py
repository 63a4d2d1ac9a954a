"""updated_at moves on every change, whatever writes it (khoagiao/stamps.py): the API's
updated_since= would otherwise miss what an import, a queryset update or a new link changed."""

import datetime

import pytest

from agreements.models import CoordinationAgreement
from assignments.models import Task
from directives.models import Directive
from meetings.models import Meeting
from organizations.models import Organization, OrganizationChange
from reports.models import Report
from tests.agreements.factories import AgreementFactory, AgreementItemFactory
from tests.assignments.factories import TaskFactory, TaskUpdateFactory
from tests.directives.factories import DirectiveFactory, ReviewMilestoneFactory
from tests.factories import OrganizationFactory
from tests.meetings.factories import ConclusionFactory, MeetingFactory, MeetingReportFactory
from tests.reports.factories import ReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def stamp(obj):
    return type(obj).objects.filter(pk=obj.pk).values_list("updated_at", flat=True).get()


def moves(obj, change):
    before = stamp(obj)
    change()
    after = stamp(obj)
    assert after > before, f"{type(obj).__name__}.updated_at did not move"


def test_a_tasks_stamp_moves_with_every_way_of_writing_it(org_a, org_b, staff_user):
    task = TaskFactory(lead=org_a)
    moves(task, lambda: Task.objects.filter(pk=task.pk).update(progress=40))
    task.refresh_from_db()
    task.progress = 50
    moves(task, lambda: Task.objects.bulk_update([task], ["progress"]))
    moves(task, lambda: task.save(update_fields=["progress"]))
    moves(task, lambda: task.cooperating.add(org_b))
    moves(task, lambda: task.cooperating.remove(org_b))
    moves(task, lambda: TaskUpdateFactory(task=task, posted_by=staff_user))


def test_a_bulk_write_stamps_every_row(org_a):
    tasks = [TaskFactory(lead=org_a) for _ in range(3)]
    before = {t.pk: stamp(t) for t in tasks}
    Task.objects.filter(pk__in=before).update(due_on=datetime.date(2026, 11, 30))
    assert all(stamp(t) > before[t.pk] for t in tasks)


def test_a_meetings_stamp_moves_with_its_reports_invitations_and_conclusion(org_a, org_b):
    meeting = MeetingFactory(invited=[org_a])
    moves(meeting, lambda: meeting.invited.add(org_b))
    report = MeetingReportFactory(meeting=meeting, organization=org_a)
    moves(meeting, lambda: type(report).objects.filter(pk=report.pk).update(results="Đã làm"))
    moves(meeting, lambda: ConclusionFactory(meeting=meeting))
    moves(meeting, lambda: Meeting.objects.filter(pk=meeting.pk).update(status="held"))


def test_a_programmes_stamp_moves_with_its_partners_and_items(org_a, org_b):
    agreement = AgreementFactory(partners=[org_a])
    moves(agreement, lambda: agreement.partners.add(org_b))
    item = AgreementItemFactory(agreement=agreement, lead=org_a)
    moves(agreement, lambda: item.cooperating.add(org_b))
    moves(agreement, lambda: type(item).objects.filter(pk=item.pk).update(content="Nội dung mới"))
    moves(agreement, lambda: CoordinationAgreement.objects.filter(pk=agreement.pk).update(summary="Tóm tắt"))


def test_a_directives_stamp_moves_with_its_fields_and_milestones(khoa_giao_fields):
    directive = DirectiveFactory()
    moves(directive, lambda: directive.fields.add(next(iter(khoa_giao_fields.values()))))
    moves(directive, lambda: ReviewMilestoneFactory(directive=directive))
    moves(directive, lambda: Directive.objects.filter(pk=directive.pk).update(signer="Nguyễn Văn A"))


def test_a_units_stamp_moves_with_its_reorganisations():
    old, new = OrganizationFactory(code="cu", name="Sở cũ"), OrganizationFactory(code="moi", name="Sở mới")
    change = OrganizationChange.objects.create(kind="merge", effective_on=datetime.date(2025, 7, 1))
    moves(old, lambda: change.predecessors.add(old))
    moves(new, lambda: change.successors.add(new))
    moves(old, lambda: OrganizationChange.objects.filter(pk=change.pk).update(legal_basis="983-QĐ/TU"))
    moves(new, lambda: Organization.objects.filter(pk=new.pk).update(short_name="Sở M"))


def test_a_reports_stamp_moves_with_the_jobs_own_updates():
    report = ReportFactory()
    moves(report, lambda: Report.objects.filter(pk=report.pk).update(status=Report.Status.RENDERING))
