"""Matrix rows for the page of a unit's liaisons: its head's alone (tests/organizations/
test_liaison_requests.py covers the head); the matrix's roles, whatever their unit, get 403."""

from tests.security.matrix import Case, everyone

CASES = [
    Case(
        "organizations:liaisons",
        build=lambda w: {"pk": w.org_b.pk},
        get=everyone(403),
        post=everyone(403),
        post_data=lambda w, kwargs: {
            "request": "add",
            "add-full_name": "Nguyễn Văn An",
            "add-email": "an@x.vn",
        },
    ),
]
