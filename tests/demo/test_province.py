"""The demo as a province's staff see it: every period they can pick has tasks, the official
documents carry no "sample" marks, one province only, and the reorganised bodies have their end."""

import datetime
import io
import re
import subprocess
import unicodedata

import pytest
from django.core.management import call_command
from django.utils import timezone

from khoagiao.pdf import render_pdf
from khoagiao.periods import KIND_CHOICES, Period
from meetings.models import Conclusion, Meeting
from meetings.notice import for_template, notice_content
from organizations.models import Organization, OrganizationChange, User
from reports import services
from reports.dashboard import Filters, build_dashboard, current_period
from reports.models import Report

pytestmark = pytest.mark.django_db
FIRST_YEAR = 2024


@pytest.fixture
def seeded(khoa_giao_fields, settings, tmp_path):
    settings.PORTAL_DEMO_PASSWORD = "demo-password-for-tests"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    call_command("seed_demo", stdout=io.StringIO())
    return tmp_path


def pickable_periods(today):
    """Every quarter, 6-, 9-month and year period from 2024 to today's (the dashboard's choices)."""
    return [
        Period(year, kind)
        for year in range(FIRST_YEAR, today.year + 1)
        for kind, _label in KIND_CHOICES
        if Period(year, kind).start <= today
    ]


def test_every_period_a_visitor_picks_has_tasks(seeded):
    today = timezone.localdate()
    leader = User.objects.get(username="lanhdao")
    empty = []
    for period in pickable_periods(today):
        totals = build_dashboard(leader, Filters.for_period(period), today=today).totals
        if totals.total == 0:
            empty.append(str(period))
        elif period.end < today and totals.done == 0:
            empty.append(f"{period} (nothing done)")
    assert not empty, f"periods without tasks: {empty}"


def pdf_text(path):
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", out))


@pytest.mark.pdftools
def test_no_official_document_of_the_demo_says_sample_report(seeded, tmp_path):
    today = timezone.localdate()
    leader = User.objects.get(username="lanhdao")
    texts = {}
    for period in {Period.latest_ended(today), current_period(today)}:
        report, _created = services.report_request(
            by=leader, kind=Report.Kind.BAN, period=period, as_of=today, enqueue=False
        )
        done = services.report_render(report_id=report.pk, heartbeat=False)
        assert done is not None, Report.objects.get(pk=report.pk).last_error
        texts[f"report {period}"] = pdf_text(seeded / done.file.name)
    for meeting in Meeting.objects.filter(pk__in=Conclusion.objects.values("meeting")):
        path = tmp_path / f"notice-{meeting.pk}.pdf"
        content = notice_content(meeting)
        context = {"header": content["header"], "notice": for_template(content)}
        path.write_bytes(render_pdf("meetings/pdf/notice.html", context))
        texts[f"notice of {meeting}"] = pdf_text(path)
    # The units' reports to the period's giao ban are printed, under the meeting and its date:
    # "... báo cáo tới Hội nghị giao ban ... (ngày dd/mm/yyyy): Sở ...: results".
    assert any(
        re.search(r"báo cáo tới Hội nghị giao ban .*\(ngày \d\d/\d\d/\d{4}\): Sở [^:]+: ", text)
        for text in texts.values()
    )
    marked = [name for name, text in texts.items() if "báo cáo mẫu" in text.lower()]
    assert not marked, marked


def test_the_demo_holds_one_province(seeded):
    province = "Khánh Hòa"
    assert not Organization.objects.filter(name__contains="Lai Châu").exists()
    assert not Organization.objects.filter(place_name__contains="Lai Châu").exists()
    local_party_bodies = Organization.objects.filter(
        level=Organization.Level.PROVINCE,
        kind__in=[Organization.Kind.PARTY_COMMITTEE, Organization.Kind.PARTY_BOARD],
    )
    assert local_party_bodies.exists()
    assert all(province in org.name for org in local_party_bodies), [o.name for o in local_party_bodies]
    organizers = Organization.objects.filter(organized_meetings__isnull=False).distinct()
    assert organizers.exists()
    assert all(org.parent and org.parent.code == "tu-khanh-hoa" for org in organizers), list(organizers)


def test_the_ban_can_su_dang_ended_in_the_2025_reorganisation(seeded):
    bcsd = Organization.objects.get(code="bcsd-ubnd-khanh-hoa")
    assert bcsd.valid_to == datetime.date(2025, 2, 28)
    assert not bcsd.is_active_on()
    change = OrganizationChange.objects.get(predecessors=bcsd)
    assert change.kind == OrganizationChange.Kind.DISSOLVE
    assert change.effective_on == datetime.date(2025, 3, 1)
    assert "18-NQ/TW" in change.legal_basis
