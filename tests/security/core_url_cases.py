from tests.security.matrix import Case, everyone

# The home page dispatches by role; the others are the foundation's pages.
CASES = [
    Case("home", get=everyone(200), post=everyone(405)),
    Case("password_change", get=everyone(200), post=everyone(200)),
]
