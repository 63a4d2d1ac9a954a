from tests.assignments.factories import TaskFactory
from tests.security.matrix import Case, everyone, expect

CASES = [
    Case("assignments:list", get=everyone(200), post=everyone(200)),
    Case(
        "assignments:detail",
        build=lambda w: {"pk": TaskFactory(lead=w.org_b).pk},
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
        post=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
    ),
]
