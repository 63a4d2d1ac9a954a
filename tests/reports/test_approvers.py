"""Issue #18: who approves a drafted report depends on its kind, and that is said in one place,
the access module's rule table (organizations.access.REPORT_APPROVERS behind "report.approve" and
"report.return"). The Ban's report and a directive's report: the Ban's leaders; a unit's report:
the Ban's leaders and that unit's head (UNIT_HEADS). All three
kinds take the same way: draft → submit → approve → issued."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from organizations.access import REPORT_APPROVERS, RULES, SYSTEM, may
from reports import services
from reports.models import Report
from tests.directives.factories import DirectiveFactory
from tests.reports.drafting import PERIOD, at, giao_ban_scene

pytestmark = pytest.mark.django_db
APPROVED_AT = at(datetime.date(2026, 7, 20), 9)


@pytest.fixture
def drafts(ban, org_a, org_b, khoa_giao_fields, staff_user):
    giao_ban_scene(ban, org_a, org_b, khoa_giao_fields)
    directive = DirectiveFactory(sequence=128, title="Hướng dẫn công tác khoa giáo năm 2026")
    made = {}
    for kind, extra in (
        (Report.Kind.BAN, {}),
        (Report.Kind.UNIT, {"organization": org_a}),
        (Report.Kind.DIRECTIVE, {"directive": directive}),
    ):
        report, created = services.report_request(
            by=staff_user, kind=kind, period=PERIOD, draft=True, enqueue=False, **extra
        )
        assert created
        made[kind] = services.report_submit(report=report, by=staff_user)
    return made


def test_the_table_has_one_rule_per_kind_and_both_decisions_use_it():
    assert set(REPORT_APPROVERS.rules) == set(Report.Kind.values)
    assert RULES["report.approve"] is REPORT_APPROVERS
    assert RULES["report.return"] is REPORT_APPROVERS


def test_each_kind_goes_draft_submit_approve_issue_by_the_bans_leader(drafts, leader_user):
    for number, kind in enumerate((Report.Kind.BAN, Report.Kind.UNIT, Report.Kind.DIRECTIVE), 1):
        report = services.report_approve(report=drafts[kind], by=leader_user, at=APPROVED_AT)
        assert report.number == f"{number}-BC/BTGDVTU"
        issued = services.report_render(report_id=report.pk, heartbeat=False)
        assert issued.stage == Report.Stage.ISSUED, kind
        assert issued.docx_file


def test_no_one_else_approves_or_returns_any_kind(drafts, staff_user, admin_user, liaison_a):
    for kind, report in drafts.items():
        for person in (staff_user, admin_user, liaison_a, SYSTEM):
            assert not may(person, "report.approve", report), (kind, person)
            with pytest.raises(PermissionDenied):
                services.report_approve(report=report, by=person)
            with pytest.raises(PermissionDenied):
                services.report_return(report=report, by=person, comment="Sửa lại.")
        assert Report.objects.get(pk=report.pk).stage == Report.Stage.SUBMITTED


def test_a_unit_head_approves_its_own_units_report_only(drafts, org_a, org_b):
    """The unit rule's unit roles are the heads (UNIT_HEADS): the head of the report's unit
    approves it; the Ban's and the directive's reports stay the Ban leaders' (the pages and the
    notice: tests/reports/test_unit_head_approval.py)."""
    from tests.factories import UserFactory

    head = UserFactory(username="head_a", role="unit_head", organization=org_a)
    other = UserFactory(username="head_b", role="unit_head", organization=org_b)
    unit_report = drafts[Report.Kind.UNIT]
    assert unit_report.organization_id == org_a.pk
    assert may(head, "report.approve", unit_report)
    assert not may(other, "report.approve", unit_report)
    assert not may(head, "report.approve", drafts[Report.Kind.BAN])
    assert not may(head, "report.approve", drafts[Report.Kind.DIRECTIVE])
    # Without an object (whether to show the button at all): a unit role needs the object.
    assert not may(head, "report.approve")
