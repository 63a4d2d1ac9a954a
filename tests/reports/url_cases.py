"""The reports app in the role × URL matrix. Reports are the Ban's documents: a liaison sees none
of them (404 on any report, including its own unit's), and may open only the dashboard."""

from tests.reports.factories import ReportFactory, ready_report, ready_report_with_docx
from tests.security.matrix import Case, everyone, expect

READERS_ONLY = expect(admin=200, staff=200, leader=200, liaison_a=403, liaison_b=403)
HIDDEN = expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=404)
HIDDEN_405 = expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=404)


def _draft(stage):
    def build(world):
        return {"pk": ReportFactory(kind="unit", organization=world.org_b, stage=stage, status="ready").pk}

    return build


EDITORS_ONLY = expect(admin=302, staff=302, leader=403, liaison_a=404, liaison_b=404)
LEADERS_ONLY = expect(admin=403, staff=403, leader=302, liaison_a=404, liaison_b=404)


def _unit_report(world):
    return {"pk": ReportFactory(kind="unit", organization=world.org_b).pk}


CASES = [
    Case("reports:dashboard", get=everyone(200), post=everyone(405)),
    # The national view is the central Ban's alone (tests/security/test_provinces.py reads it as one).
    Case("reports:national", get=everyone(403), post=everyone(405)),
    Case(
        "reports:list",
        get=READERS_ONLY,
        post=everyone(405),
    ),
    Case(
        "reports:create",
        get=READERS_ONLY,
        # Leaders may ask for a report: the issue gives them that action.
        post=expect(admin=302, staff=302, leader=302, liaison_a=403, liaison_b=403),
        post_data=lambda w, kwargs: {"kind": "unit", "period": "2026-H1", "organization": w.org_b.pk},
    ),
    Case("reports:detail", build=_unit_report, get=HIDDEN, post=HIDDEN_405),
    Case("reports:status", build=_unit_report, get=HIDDEN, post=HIDDEN_405),
    Case(
        "reports:download",
        build=lambda w: {"pk": ready_report(kind="unit", organization=w.org_b).pk},
        get=HIDDEN,
        post=HIDDEN_405,
    ),
    # The Word file: the PDF's check, whoever asks.
    Case(
        "reports:download_docx",
        build=lambda w: {"pk": ready_report_with_docx(kind="unit", organization=w.org_b).pk},
        get=HIDDEN,
        post=HIDDEN_405,
    ),
    Case(
        "reports:retry",
        build=lambda w: {"pk": ReportFactory(kind="unit", organization=w.org_b, status="failed").pk},
        get=HIDDEN_405,
        post=expect(admin=302, staff=302, leader=302, liaison_a=404, liaison_b=404),
    ),
    Case(
        "reports:edit",
        build=_draft("draft"),
        get=expect(admin=200, staff=200, leader=403, liaison_a=404, liaison_b=404),
        post=expect(admin=200, staff=200, leader=403, liaison_a=404, liaison_b=404),
    ),
    Case("reports:preview", build=_draft("draft"), get=HIDDEN_405, post=EDITORS_ONLY),
    Case("reports:submit", build=_draft("draft"), get=HIDDEN_405, post=EDITORS_ONLY),
    Case(
        "reports:comment",
        build=_draft("submitted"),
        get=HIDDEN_405,
        post=expect(admin=302, staff=302, leader=302, liaison_a=404, liaison_b=404),
        post_data=lambda w, kwargs: {"text": "Ý kiến"},
    ),
    Case(
        "reports:return",
        build=_draft("submitted"),
        get=HIDDEN_405,
        post=LEADERS_ONLY,
        post_data=lambda w, kwargs: {"text": "Sửa lại"},
    ),
    Case("reports:approve", build=_draft("submitted"), get=HIDDEN_405, post=LEADERS_ONLY),
    Case("reports:correct", build=_draft("draft"), get=HIDDEN_405, post=EDITORS_ONLY),
    Case("reports:register", get=READERS_ONLY, post=everyone(405)),
]
