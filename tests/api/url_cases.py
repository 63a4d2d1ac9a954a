"""The API in the role × URL matrix, read with each persona's session. Objects belong to unit B:
unit A's liaison gets 404 for them whatever the method (visible first, then the method), every
other method than GET answers 405, and the Ban's reports are the Ban's only."""

from tests.agreements.factories import AgreementFactory
from tests.assignments.factories import TaskFactory, TaskUpdateFactory
from tests.meetings.factories import MeetingFactory
from tests.reports.factories import ReportFactory, ready_report
from tests.security.matrix import Case, everyone, expect

SEEN_BY_B = expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200)
READ_ONLY_B = expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405)
BAN_ONLY = expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=404)
BAN_ONLY_405 = expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=404)


def _b_task(world):
    return TaskFactory(lead=world.org_b)


def _listing(name):
    return Case(f"api:{name}-list", get=everyone(200), post=everyone(405))


def _report(world):
    return {"pk": ReportFactory(kind="unit", organization=world.org_b).pk}


CASES = [
    *(
        _listing(name)
        for name in ("organization", "directive", "agreement", "meeting", "task", "task-update", "report")
    ),
    Case(
        "api:organization-detail",
        build=lambda w: {"pk": w.org_b.pk},
        get=everyone(200),
        post=everyone(405),
        note="units are reference data: everyone reads them",
    ),
    Case(
        "api:directive-detail",
        build=lambda w: {"pk": _b_task(w).directive_id},
        get=SEEN_BY_B,
        post=READ_ONLY_B,
    ),
    Case(
        "api:agreement-detail",
        build=lambda w: {"pk": AgreementFactory(partners=[w.org_b]).pk},
        get=SEEN_BY_B,
        post=READ_ONLY_B,
    ),
    Case(
        "api:meeting-detail",
        build=lambda w: {"pk": MeetingFactory(invited=[w.org_b], organizer=w.ban).pk},
        get=SEEN_BY_B,
        post=READ_ONLY_B,
    ),
    Case("api:task-detail", build=lambda w: {"pk": _b_task(w).pk}, get=SEEN_BY_B, post=READ_ONLY_B),
    Case(
        "api:task-update-detail",
        build=lambda w: {"pk": TaskUpdateFactory(task=_b_task(w), posted_by=w.liaison_b).pk},
        get=SEEN_BY_B,
        post=READ_ONLY_B,
    ),
    Case("api:report-detail", build=_report, get=BAN_ONLY, post=BAN_ONLY_405),
    Case("api:report-document", build=_report, get=BAN_ONLY, post=BAN_ONLY_405),
    Case(
        "api:report-pdf",
        build=lambda w: {"pk": ready_report(kind="unit", organization=w.org_b).pk},
        get=BAN_ONLY,
        post=BAN_ONLY_405,
    ),
    Case("api:figures", get=everyone(200), post=everyone(405)),
    Case("api:schema", get=everyone(200), post=everyone(405)),
    Case("api:docs", get=everyone(200), post=everyone(405)),
]
