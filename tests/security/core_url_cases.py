from tests.security.matrix import Case, everyone, expect

# The home page dispatches by role; the others are the foundation's pages.
CASES = [
    Case("home", get=everyone(200), post=everyone(405)),
    Case("password_change", get=everyone(200), post=everyone(200)),
    # The admin's second factor; the matrix signs admins in past it, so the page sends them on
    # (tests/core/test_two_factor.py covers the page itself).
    Case(
        "two_factor",
        get=expect(admin=302, staff=403, leader=403, liaison_a=403, liaison_b=403),
        post=expect(admin=302, staff=403, leader=403, liaison_a=403, liaison_b=403),
    ),
]
