"""The signatures app in the role × URL matrix. A notice's document follows its meeting (a unit
invited to it sees it; another unit gets 404); the unsigned issued file is the Ban's; only leaders
upload a signed file; the Ban's roles ask for signing again. Anyone signed in checks a document."""

from tests.security.matrix import Case, everyone, expect
from tests.signatures.factories import signed_document

VISIBLE_TO_B = expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200)
NOT_ALLOWED = expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405)


def _notice(status="unsigned"):
    return lambda w: {"pk": signed_document(unit=w.org_b, status=status).pk}


CASES = [
    # The check reads the file it is given and keeps nothing: a POST without a file shows the form again.
    Case("signatures:verify", get=everyone(200), post=everyone(200)),
    Case("signatures:detail", build=_notice(), get=VISIBLE_TO_B, post=NOT_ALLOWED),
    Case("signatures:download", build=_notice(), get=VISIBLE_TO_B, post=NOT_ALLOWED),
    Case(
        "signatures:download_issued",
        build=_notice(),
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=403),
        post=NOT_ALLOWED,
    ),
    Case(
        "signatures:upload",
        build=_notice(),
        get=expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405),
        # Without a file the leader gets the page back with the form's message; nothing changes.
        post=expect(admin=403, staff=403, leader=200, liaison_a=404, liaison_b=403),
    ),
    Case(
        "signatures:retry",
        build=_notice("failed"),
        get=expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405),
        post=expect(admin=302, staff=302, leader=302, liaison_a=404, liaison_b=403),
    ),
]
