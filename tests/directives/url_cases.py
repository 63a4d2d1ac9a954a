from tests.directives.factories import DirectiveFactory
from tests.security.matrix import Case, everyone, expect

CASES = [
    Case("directives:list", get=everyone(200), post=everyone(200)),
    Case(
        "directives:detail",
        build=lambda w: {"pk": DirectiveFactory().pk},
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=404),
        post=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=404),
    ),
]
