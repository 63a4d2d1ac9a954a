"""The demo as a province's staff see it: every period they can pick has tasks, the official
documents carry no "sample" marks, Khánh Hòa's lists hold Khánh Hòa only (Lai Châu's giao ban of a
source text is Lai Châu's own province's), and the reorganised bodies have their end; `--provinces N`
makes more, with their people and work, for the national view."""

import datetime
import io
import re
import subprocess
import unicodedata

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assignments.models import Task
from khoagiao.pdf import render_pdf
from khoagiao.periods import KIND_CHOICES, Period
from khoagiao.scoping import everywhere, in_province
from meetings.models import Conclusion, Meeting
from meetings.notice import for_template, notice_content
from organizations.models import Organization, OrganizationChange, Province, User
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


def test_the_home_province_holds_only_its_own(seeded):
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


def test_lai_chau_giao_ban_of_the_source_text_is_lai_chau_s(seeded):
    lai_chau = Province.objects.get(code="lai-chau")
    with in_province(lai_chau):
        meeting = Meeting.objects.get(organizer__code="lai-chau.btgtu", starts_at__year=2023)
        assert meeting.province_id == lai_chau.pk
        assert meeting.chair_name == "Lê Đức Dục"
        assert meeting.organizer.parent.name == "Tỉnh ủy Lai Châu"
        assert Task.objects.filter(meeting=meeting).count() == 4
        assert User.objects.get(username="laichau.chuyenvien").province_id == lai_chau.pk
    assert not Meeting.objects.filter(chair_name="Lê Đức Dục").exists()


def everything():
    from django.apps import apps

    with everywhere():
        return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_more_provinces_for_the_national_view_once(seeded):
    call_command("seed_demo", "--provinces", "4", stdout=io.StringIO())
    first = everything()
    call_command("seed_demo", "--provinces", "4", stdout=io.StringIO())
    assert everything() == first
    assert Province.objects.count() == 4
    ha_noi = Province.objects.get(code="ha-noi")
    assert ha_noi.kind == Province.Kind.CITY
    assert ha_noi.committee == "Thành ủy Hà Nội"
    for province in Province.objects.exclude(code="khanh-hoa"):
        prefix = province.code.replace("-", "")
        with in_province(province):
            staff = User.objects.get(username=f"{prefix}.chuyenvien")
            assert staff.province_id == province.pk
            assert Organization.objects.get(code=f"{province.code}.btgtu").province_id == province.pk
            assert Organization.objects.filter(code=f"{province.code}.so-gddt").exists()
            assert Task.objects.exists()
            assert Meeting.objects.exists()


def test_the_demo_unit_head_signs_in_and_asks_for_its_units_liaisons(seeded, client):
    """`make run` shows a unit head's pages: the head of the demo's Sở GD&ĐT signs in with the demo
    password, finds "Đầu mối liên lạc của đơn vị" on its home page and sees its sở's liaison there."""
    home = client.post(
        reverse("login"), {"username": "lanhdao.gddt", "password": "demo-password-for-tests"}, follow=True
    )
    unit = Organization.objects.get(code="so-gddt")
    url = reverse("organizations:liaisons", kwargs={"pk": unit.pk})
    assert url in home.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "Lê Quang Minh" in page.content.decode()
