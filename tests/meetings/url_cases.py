from tests.meetings.factories import MeetingFactory
from tests.security.matrix import Case, everyone, expect

CASES = [
    Case("meetings:list", get=everyone(200), post=everyone(200)),
    Case(
        "meetings:detail",
        build=lambda w: {"pk": MeetingFactory(invited=[w.org_b]).pk},
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
        post=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
    ),
]
