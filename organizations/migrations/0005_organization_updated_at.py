"""updated_at kept by the database on every change (khoagiao/stamps.py), for the API's updated_since=."""

from django.db import migrations, models

from khoagiao import stamps

STAMPED = ["organizations_organization"]
TOUCHES = [
    # a unit's history of mergers is part of what the API says about it
    stamps.Touch(
        "organizations_organizationchange_predecessors", "organization_id", "organizations_organization"
    ),
    stamps.Touch(
        "organizations_organizationchange_successors", "organization_id", "organizations_organization"
    ),
    stamps.Touch(
        "organizations_organizationchange",
        "id",
        "organizations_organization",
        via="SELECT organization_id FROM organizations_organizationchange_predecessors "
        "WHERE organizationchange_id IN ({ids}) UNION SELECT organization_id FROM "
        "organizations_organizationchange_successors WHERE organizationchange_id IN ({ids})",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0004_authenticator_enrolment"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last changed"),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["updated_at", "id"], name="organization_updated_at"),
        ),
        migrations.RunPython(
            stamps.install(stamped=STAMPED, touches=TOUCHES), stamps.remove(stamped=STAMPED, touches=TOUCHES)
        ),
    ]
