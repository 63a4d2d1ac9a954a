"""What the demo's giao ban meetings share: dates, the organisations they name, and the outcome
(findings, conclusion, tasks) recorded through meetings.services as staff would from the pages."""

import datetime

from django.utils import timezone

from assignments.models import Task
from meetings import services
from meetings.models import Meeting
from organizations.models import Field, Organization

D = datetime.date
KHANH_HOA_RECIPIENTS = "\n".join(
    ["Thường trực Tỉnh ủy (b/c)", "Các đồng chí lãnh đạo Ban", "Các đơn vị trong Khối Khoa giáo", "Lưu VP"]
)


def at(day, hour=8, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def full_name(user):
    return f"{user.last_name} {user.first_name}".strip()


def units(*codes):
    found = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def unit(code):
    return Organization.objects.get(code=code)


def existing(organizer, period):
    return Meeting.objects.filter(organizer=organizer, period=period, kind=Meeting.Kind.GIAO_BAN).first()


def record(meeting, staff, *, conclusion, findings=(), tasks=(), proposals=()):
    fields = {f.code: f for f in Field.objects.all()}
    rows = [
        {
            "kind": kind,
            "text": text,
            "organization": unit(org) if org else None,
            "field": fields.get(field) if field else None,
        }
        for kind, org, field, text in findings
    ]
    task_rows = [
        {
            "title": title,
            "lead": unit(lead),
            "cooperating": units(*coop),
            "due_on": due,
            "field": fields.get(field) if field else None,
        }
        for title, lead, coop, due, field in tasks
    ]
    return services.meeting_outcome_save(
        meeting=meeting,
        by=staff,
        version=meeting.version,
        conclusion=conclusion,
        attended=list(meeting.invited.all()),
        findings=rows,
        task_items=task_rows,
        proposals=proposals,
    )


def complete_tasks(meeting, on):
    """Past meetings' tasks were carried out; mark them done so the dashboards stay truthful."""
    for task in Task.objects.filter(meeting=meeting, completed_on__isnull=True):
        Task.objects.filter(pk=task.pk).update(completed_on=min(on, task.due_on), progress=100)
