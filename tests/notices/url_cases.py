"""Matrix rows for the notices pages. A notice is its recipient's alone: anyone else, whatever the
role, gets 404 for unit B's liaison's notice."""

from tests.security.matrix import Case, everyone, expect


def b_notice(world):
    from notices.models import Notice

    notice = Notice.objects.create(
        recipient=world.liaison_b, kind="due_soon", path="/nhiem-vu/", text="Nhiệm vụ đến hạn", key="matrix"
    )
    return {"pk": notice.pk}


CASES = [
    Case("notices:list", get=everyone(200), post=everyone(405)),
    Case(
        "notices:open",
        build=b_notice,
        get=expect(admin=404, staff=404, leader=404, liaison_a=404, liaison_b=405),
        post=expect(admin=404, staff=404, leader=404, liaison_a=404, liaison_b=302),
    ),
    # Each user's own notices and settings: the POST acts on the signed-in user only.
    Case("notices:read_all", get=everyone(405), post=everyone(302)),
    Case("notices:preference", get=everyone(405), post=everyone(302)),
]

CASES.append(Case("notices:calendar", get=everyone(200), post=everyone(405)))
