"""Matrix rows for the programme pages. Each programme is signed with unit B only, so liaison_a
must get 404 for everything about it, GET and POST alike."""

from tests.agreements.factories import AgreementAttachmentFactory, AgreementFactory, AgreementReviewFactory
from tests.security.matrix import Case, everyone, expect


def b_agreement(world):
    return {"pk": AgreementFactory(partners=[world.org_b]).pk}


def b_review(world):
    return {"pk": AgreementReviewFactory(agreement=AgreementFactory(partners=[world.org_b])).pk}


def b_file(world):
    return {"pk": AgreementAttachmentFactory(agreement=AgreementFactory(partners=[world.org_b])).pk}


STAFF_ONLY_ON_B = expect(admin=200, staff=200, leader=403, liaison_a=404, liaison_b=403)

CASES = [
    Case("agreements:list", get=everyone(200), post=everyone(405)),
    Case(
        "agreements:create",
        get=expect(admin=200, staff=200, leader=403, liaison_a=403, liaison_b=403),
        # An empty form comes back with its errors; nothing is created.
        post=expect(admin=200, staff=200, leader=403, liaison_a=403, liaison_b=403),
    ),
    Case(
        "agreements:detail",
        build=b_agreement,
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
        post=expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405),
    ),
    Case("agreements:edit", build=b_agreement, get=STAFF_ONLY_ON_B, post=STAFF_ONLY_ON_B),
    Case("agreements:review_add", build=b_agreement, get=STAFF_ONLY_ON_B, post=STAFF_ONLY_ON_B),
    Case("agreements:review_edit", build=b_review, get=STAFF_ONLY_ON_B, post=STAFF_ONLY_ON_B),
    Case("agreements:attach", build=b_agreement, get=STAFF_ONLY_ON_B, post=STAFF_ONLY_ON_B),
    Case(
        "agreements:attachment",
        build=b_file,
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
        post=expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405),
    ),
]
