from tests.agreements.factories import AgreementFactory
from tests.security.matrix import Case, everyone, expect

CASES = [
    Case("agreements:list", get=everyone(200), post=everyone(200)),
    Case(
        "agreements:detail",
        build=lambda w: {"pk": AgreementFactory(partners=[w.org_b]).pk},
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
        post=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
    ),
]
