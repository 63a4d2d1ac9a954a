"""The unit head (lãnh đạo đơn vị) sees its unit exactly as its liaison does: every model's
visible_to gives the same rows, and every rule of the table the same answer; it approves nothing
of the Ban's. It signs in to the same pages (its unit's task is 200, another unit's 404). The one
difference: the reports about its unit that the Ban submits, which it reads, comments on, returns
or approves (tests/reports/test_unit_head_approval.py)."""

import pytest
from django.apps import apps

from organizations.access import RULES, may
from organizations.roles import UNIT_ROLES, Role
from tests.agreements.factories import AgreementFactory, AgreementItemFactory
from tests.assignments.factories import TaskFactory, TaskUpdateFactory
from tests.directives.factories import DirectiveFactory
from tests.meetings.factories import MeetingFactory, MeetingReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org_a, org_b, ban, liaison_a, head_a, staff_user):
    directive = DirectiveFactory()
    task_a = TaskFactory(lead=org_a, directive=directive)
    task_b = TaskFactory(lead=org_b, directive=directive)
    supported = TaskFactory(lead=org_b, directive=directive, cooperating=[org_a])
    TaskUpdateFactory(task=task_a, organization=org_a, posted_by=liaison_a)
    meeting_a = MeetingFactory(invited=[org_a], organizer=ban)
    meeting_b = MeetingFactory(invited=[org_b], organizer=ban)
    report_a = MeetingReportFactory(meeting=meeting_a, organization=org_a)
    report_b = MeetingReportFactory(meeting=meeting_b, organization=org_b)
    agreement = AgreementFactory()
    AgreementItemFactory(agreement=agreement)
    return [None, task_a, task_b, supported, meeting_a, meeting_b, report_a, report_b, directive, agreement]


def test_the_unit_head_is_a_unit_role():
    assert Role.UNIT_HEAD in UNIT_ROLES
    from django.utils import translation

    with translation.override("vi"):
        assert str(Role.UNIT_HEAD.label) == "Lãnh đạo đơn vị"


def test_every_model_shows_the_head_what_it_shows_the_liaison(world, liaison_a, head_a):
    compared = 0
    for model in apps.get_models():
        manager = model._default_manager
        if not hasattr(manager.all(), "visible_to") or model._meta.app_label == "notices":
            continue  # notices are personal, not the unit's
        if model._meta.label == "organizations.LiaisonRequest":
            continue  # the requests naming the unit's liaisons are its head's (tests/organizations)
        as_liaison = set(manager.all().visible_to(liaison_a).values_list("pk", flat=True))
        as_head = set(manager.all().visible_to(head_a).values_list("pk", flat=True))
        assert as_head == as_liaison, model._meta.label
        compared += 1
    assert compared > 15


# The head's own rules: its unit's submitted reports (REPORT_APPROVERS, UNIT_HEADS).
HEADS_REPORTS = {"report.comment", "report.approve", "report.return"}


def test_every_rule_answers_the_head_as_the_liaison(world, liaison_a, head_a):
    for action, rule in RULES.items():
        if action in HEADS_REPORTS:
            continue
        # Personal rules (a notice, the settings) are each user's own, not the unit's.
        if getattr(rule, "own", None) is not None:
            assert may(head_a, "notice.manage", head_a)
            assert not may(head_a, "notice.manage", liaison_a)
            continue
        for obj in world:
            try:
                as_liaison = may(liaison_a, action, obj)
            except (AttributeError, TypeError, KeyError):
                continue  # the rule is about another kind of object
            assert may(head_a, action, obj) == as_liaison, (action, obj)
    for action in ("conclusion.approve", "report.approve", "report.return", "document.sign_upload"):
        assert not may(head_a, action, None)


def test_the_head_reads_its_units_task_and_not_another(client, world, head_a):
    from tests.sign_in import sign_in

    sign_in(client, head_a)
    task_a, task_b = world[1], world[2]
    assert client.get(f"/nhiem-vu/{task_a.pk}/").status_code == 200
    assert client.get(f"/nhiem-vu/{task_b.pk}/").status_code == 404
    assert client.get("/thong-bao/").status_code == 200
