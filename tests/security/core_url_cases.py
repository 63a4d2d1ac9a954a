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
    # Public pages of a person who cannot sign in (organizations/passwords.py): whoever is signed
    # in is sent to the change-password page; the mailed link's page with a made-up token says the
    # link does not work, and sets nothing, whatever the method.
    Case("password_reset", get=everyone(302), post=everyone(302), post_data=lambda w, k: {"email": "x@y.vn"}),
    Case("password_reset_done", get=everyone(302), post=everyone(405)),
    Case(
        "password_reset_confirm",
        build=lambda w: {"uidb64": "MQ", "token": "made-up"},
        get=everyone(200),
        post=everyone(200),
        post_data=lambda w, k: {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    ),
]
