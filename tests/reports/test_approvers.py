"""Issue #18: who approves a drafted report depends on its kind, and that is said in one place,
the access module's rule table (organizations.access.REPORT_APPROVERS behind "report.approve" and
"report.return"). The Ban's report and a directive's report: the Ban's leaders; a unit's report:
the Ban's leaders and, once the role exists, that unit's head (UNIT_HEADS, empty today). All three
kinds take the same way: draft → submit → approve → issued."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from organizations import access
from organizations.access import REPORT_APPROVERS, RULES, SYSTEM, may
from organizations.roles import Role
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


def test_a_unit_head_role_slots_into_the_unit_kind_only(drafts, liaison_a, monkeypatch):
    """What the unit-head branch will do, played with the liaison role standing in for it (no role
    is added here): put the role in the unit rule's unit roles. It then approves its own unit's
    report and nothing else; the Ban's and the directive's reports stay the Ban leaders'."""
    head = frozenset({Role.LIAISON})
    rules = dict(REPORT_APPROVERS.rules)
    rules["unit"] = dataclasses.replace(rules["unit"], unit_roles=head)
    monkeypatch.setitem(RULES, "report.approve", access.ByKind(rules))
    unit_report = drafts[Report.Kind.UNIT]
    assert unit_report.organization_id == liaison_a.organization_id
    assert may(liaison_a, "report.approve", unit_report)
    assert not may(liaison_a, "report.approve", drafts[Report.Kind.BAN])
    assert not may(liaison_a, "report.approve", drafts[Report.Kind.DIRECTIVE])
    other = Report(kind=Report.Kind.UNIT, organization_id=unit_report.organization_id + 10_000)
    assert not may(liaison_a, "report.approve", other)
    # Without an object (whether to show the button at all): whoever one kind's rule allows.
    assert not may(liaison_a, "report.approve")  # a unit role needs the object to be judged
