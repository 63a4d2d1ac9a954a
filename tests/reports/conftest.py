import datetime
import re
import subprocess
import time
import unicodedata

import pytest
from django.utils import timezone

from assignments.models import Task
from meetings.models import Meeting, MeetingReport
from organizations.access import SYSTEM
from reports import services
from reports.models import Report
from tests.directives.factories import DirectiveFactory, ReviewMilestoneFactory
from tests.factories import OrganizationFactory

TODAY = datetime.date(2026, 7, 15)


def wait_for(check, timeout=90, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(f"timed out waiting for {what}")


def text_of(path, *args):
    """The text of a PDF as pdftotext reads it (NFC), with pdftotext's options."""
    out = subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return unicodedata.normalize("NFC", out)


def flat(text):
    return re.sub(r"\s+", " ", text).strip()


def render(**kwargs):
    """A report asked for and rendered here, as the worker does; READY or the test fails."""
    report, _created = services.report_request(enqueue=False, **{"by": SYSTEM, **kwargs})
    done = services.report_render(report_id=report.pk, heartbeat=False)
    assert done is not None, Report.objects.get(pk=report.pk).last_error
    return done


@pytest.fixture
def province_ban(ban):
    """The Ban under its Tỉnh ủy, as in the demo province."""
    ban.parent = OrganizationFactory(
        code="tu-test", name="Tỉnh ủy Khánh Hòa", kind="party_committee", heading="Tỉnh ủy Khánh Hòa"
    )
    ban.save()
    return ban


@pytest.fixture
def worker_env(monkeypatch, settings, tmp_path):
    """Private storage and short heartbeats, for this process and for a worker started after it
    (request it before celery_worker_process: the worker copies the environment when it starts)."""
    monkeypatch.setenv("PORTAL_PRIVATE_ROOT", str(tmp_path))
    monkeypatch.setenv("REPORTS_HEARTBEAT_SECONDS", "1")
    monkeypatch.setenv("REPORTS_STALE_SECONDS", "4")
    settings.REPORTS_STALE_SECONDS = 4
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path


def task(lead, due, *, directive, done=None, cancelled=None, field=None, title=None, cooperating=()):
    """One task saved the ordinary way (bucket follows from the dates)."""
    obj = Task.objects.create(
        title=title or f"Nhiệm vụ của {lead.short_name or lead.name} hạn {due:%d/%m/%Y}",
        lead=lead,
        directive=directive,
        field=field,
        assigned_on=min(due, datetime.date(2026, 1, 2)),
        due_on=due,
        completed_on=done,
        cancelled_on=cancelled,
    )
    if cooperating:
        obj.cooperating.set(cooperating)
    return obj


@pytest.fixture
def scenario(ban, org_a, org_b, khoa_giao_fields):
    """Tasks of two units in 2026 in every bucket (as on TODAY = 15/07/2026), a giao ban meeting
    of the current period where one of the two units has reported, and a review milestone."""
    directive = DirectiveFactory(sequence=128, title="Hướng dẫn công tác khoa giáo năm 2026")
    education, health = khoa_giao_fields["giao_duc_dao_tao"], khoa_giao_fields["y_te"]
    d = datetime.date
    tasks = {
        "a_on_time": task(org_a, d(2026, 3, 31), directive=directive, done=d(2026, 3, 30), field=education),
        "a_late": task(org_a, d(2026, 4, 30), directive=directive, done=d(2026, 5, 10), field=education),
        "a_soon": task(org_a, d(2026, 7, 20), directive=directive, field=education),
        "a_later": task(org_a, d(2026, 10, 15), directive=directive, field=health),
        "a_overdue": task(org_a, d(2026, 6, 30), directive=directive, field=health),
        "a_cancelled": task(
            org_a, d(2026, 5, 15), directive=directive, cancelled=d(2026, 5, 1), field=health
        ),
        "b_overdue": task(org_b, d(2026, 2, 28), directive=directive, field=health),
        "b_supported_by_a": task(
            org_b, d(2026, 7, 25), directive=directive, field=health, cooperating=[org_a]
        ),
        "a_last_year": task(org_a, d(2025, 12, 1), directive=directive, field=education),
    }
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.GIAO_BAN,
        title="Hội nghị giao ban công tác khoa giáo 9 tháng năm 2026",
        period="2026-9M",
        starts_at=timezone.make_aware(datetime.datetime(2026, 9, 28, 8, 0)),
        organizer=ban,
        report_due_on=d(2026, 9, 20),
    )
    meeting.invited.set([org_a, org_b])
    MeetingReport.objects.create(
        meeting=meeting, organization=org_a, results="Đã hoàn thành", submitted_at=timezone.now()
    )
    held = Meeting.objects.create(
        kind=Meeting.Kind.GIAO_BAN,
        title="Hội nghị giao ban 6 tháng đầu năm 2026",
        period="2026-H1",
        status=Meeting.Status.HELD,
        starts_at=timezone.make_aware(datetime.datetime(2026, 6, 26, 8, 0)),
        organizer=ban,
    )
    held.invited.set([org_a, org_b])
    milestone = ReviewMilestoneFactory(directive=directive, kind="so_ket", due_on=d(2026, 12, 15))
    return {"tasks": tasks, "directive": directive, "meeting": meeting, "held": held, "milestone": milestone}
