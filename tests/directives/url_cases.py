"""The directive register's URLs in the role matrix. Objects belong to unit B: the directive is
the source of a task that unit B leads, so liaison B may read it and liaison A must get 404."""

from tests.assignments.factories import TaskFactory
from tests.directives.factories import DirectiveAttachmentFactory, DirectiveFactory, ReviewMilestoneFactory
from tests.security.matrix import Case, everyone, expect


def unit_b_directive(world):
    directive = DirectiveFactory()
    TaskFactory(directive=directive, lead=world.org_b)
    return directive


# Staff and admins edit; leaders read (403 on changes); liaison B sees unit B's directive (403 on
# changes), liaison A does not see it at all (404).
EDIT = expect(admin=200, staff=200, leader=403, liaison_a=404, liaison_b=403)
# Deleting: the admin goes first and deletes the object, so everyone after finds nothing (404);
# tests/directives/test_views.py checks that leaders and liaisons are refused on their own.
DELETE = expect(admin=302, staff=404, leader=404, liaison_a=404, liaison_b=404)
ADMIN_ONLY = expect(admin=200, staff=403, leader=403, liaison_a=403, liaison_b=403)
# An import job: the Ban's roles see it exist but only admins may open it (and only its uploader);
# units see no import at all (404).
ADMIN_OWN = expect(admin=200, staff=403, leader=403, liaison_a=404, liaison_b=404)
WRONG_METHOD = expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=404)


def admin_import(world):
    from directives.models import DirectiveImport

    return DirectiveImport.objects.create(
        requested_by=world.admin,
        file_name="van-ban.xlsx",
        file_format="xlsx",
        file_sha256="0" * 64,
        file_size=1,
        status=DirectiveImport.Status.PARSED,
        preview={"is_valid": False, "file_errors": ["Tệp rỗng."], "errors": ["Tệp rỗng."], "rows": []},
    )


READ_B = expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200)
# Another unit's object is a 404 whatever the method; the method is looked at only after.
NOT_ALLOWED_B = expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405)

CASES = [
    Case("directives:list", get=everyone(200), post=everyone(405)),
    Case(
        "directives:detail",
        build=lambda w: {"pk": unit_b_directive(w).pk},
        get=READ_B,
        post=NOT_ALLOWED_B,
    ),
    Case(
        "directives:create",
        get=expect(admin=200, staff=200, leader=403, liaison_a=403, liaison_b=403),
        post=expect(admin=200, staff=200, leader=403, liaison_a=403, liaison_b=403),
        note="an empty POST re-shows the form with its errors",
    ),
    Case("directives:update", build=lambda w: {"pk": unit_b_directive(w).pk}, get=EDIT, post=EDIT),
    Case("directives:milestone_create", build=lambda w: {"pk": unit_b_directive(w).pk}, get=EDIT, post=EDIT),
    Case(
        "directives:milestone_update",
        build=lambda w: {"pk": ReviewMilestoneFactory(directive=unit_b_directive(w)).pk},
        get=EDIT,
        post=EDIT,
    ),
    Case(
        "directives:milestone_delete",
        build=lambda w: {"pk": ReviewMilestoneFactory(directive=unit_b_directive(w)).pk},
        get=NOT_ALLOWED_B,
        post=DELETE,
    ),
    Case(
        "directives:attachment_add",
        build=lambda w: {"pk": unit_b_directive(w).pk},
        get=NOT_ALLOWED_B,
        post=EDIT,
        note="a POST without a file re-shows the page with the error",
    ),
    Case(
        "directives:attachment_download",
        build=lambda w: {
            "pk": DirectiveAttachmentFactory(directive=unit_b_directive(w), uploaded_by=w.staff).pk
        },
        get=READ_B,
        post=NOT_ALLOWED_B,
    ),
    Case(
        "directives:attachment_delete",
        build=lambda w: {
            "pk": DirectiveAttachmentFactory(directive=unit_b_directive(w), uploaded_by=w.staff).pk
        },
        get=NOT_ALLOWED_B,
        post=DELETE,
    ),
    Case(
        "directives:export",
        get=expect(admin=200, staff=200, leader=200, liaison_a=403, liaison_b=403),
        post=everyone(405),
    ),
    Case("directives:import", get=ADMIN_ONLY, post=ADMIN_ONLY, note="an empty POST re-shows the form"),
    Case(
        "directives:import_job",
        build=lambda w: {"pk": admin_import(w).pk},
        get=ADMIN_OWN,
        post=WRONG_METHOD,
    ),
    Case(
        "directives:import_status",
        build=lambda w: {"pk": admin_import(w).pk},
        get=ADMIN_OWN,
        post=WRONG_METHOD,
    ),
    Case(
        "directives:import_decide",
        build=lambda w: {"pk": admin_import(w).pk},
        get=WRONG_METHOD,
        post=expect(admin=302, staff=403, leader=403, liaison_a=404, liaison_b=404),
        note="an empty POST confirms nothing (the preview has errors) and returns to the job's page",
    ),
    Case(
        "directives:import_template",
        get=ADMIN_ONLY,
        post=everyone(405),  # page(): the method is looked at before the role
    ),
]
