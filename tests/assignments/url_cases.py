"""Matrix rows for the task pages. Objects belong to unit B (liaison_b leads them), so liaison_a
must get 404 for everything about them, GET and POST alike."""

from tests.assignments.factories import TaskAttachmentFactory, TaskFactory
from tests.security.matrix import Case, everyone, expect


def b_task(world):
    return {"pk": TaskFactory(lead=world.org_b).pk}


def b_closed_task(world):
    import datetime

    return {"pk": TaskFactory(lead=world.org_b, completed_on=datetime.date(2026, 3, 1)).pk}


def b_file(world):
    return {"pk": TaskAttachmentFactory(task=TaskFactory(lead=world.org_b)).pk}


# Role-restricted pages: leaders read but may not change (403); a liaison of the task's own unit
# may not edit it (403); another unit's liaison never learns the task exists (404).
STAFF_ONLY_ON_B = expect(admin=200, staff=200, leader=403, liaison_a=404, liaison_b=403)

CASES = [
    Case("assignments:list", get=everyone(200), post=everyone(405)),
    Case("assignments:export", get=everyone(200), post=everyone(405), query="format=csv"),
    Case(
        "assignments:create",
        get=expect(admin=200, staff=200, leader=403, liaison_a=403, liaison_b=403),
        # An empty form: re-shown with its errors, nothing created.
        post=expect(admin=200, staff=200, leader=403, liaison_a=403, liaison_b=403),
    ),
    Case(
        "assignments:detail",
        build=b_task,
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
        post=expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405),
    ),
    Case("assignments:edit", build=b_task, get=STAFF_ONLY_ON_B, post=STAFF_ONLY_ON_B),
    Case(
        "assignments:update",
        build=b_task,
        get=expect(admin=200, staff=200, leader=403, liaison_a=404, liaison_b=200),
        # No text: the form comes back with its error and nothing is posted.
        post=expect(admin=200, staff=200, leader=403, liaison_a=404, liaison_b=200),
    ),
    Case(
        "assignments:cancel",
        build=b_task,
        get=expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405),
        post=expect(admin=302, staff=302, leader=403, liaison_a=404, liaison_b=403),
        post_data=lambda world, kwargs: {"reason": "Trùng với nhiệm vụ khác"},
    ),
    Case(
        "assignments:reopen",
        build=b_closed_task,
        get=expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405),
        post=expect(admin=302, staff=302, leader=403, liaison_a=404, liaison_b=403),
    ),
    Case("assignments:attach", build=b_task, get=STAFF_ONLY_ON_B, post=STAFF_ONLY_ON_B),
    Case(
        "assignments:attachment",
        build=b_file,
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
        post=expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405),
    ),
]
