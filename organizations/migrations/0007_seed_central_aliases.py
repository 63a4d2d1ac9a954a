"""The other names of the central bodies (organizations/aliases.py), for the organisations that
exist when this runs; seed_demo adds them for the demo's. Reversing leaves the aliases alone."""

from django.db import migrations


def seed(apps, schema_editor):
    from organizations.aliases import seed_aliases

    seed_aliases(apps.get_model("organizations", "Organization"), apps.get_model("organizations", "OrganizationAlias"))


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0006_organization_alias"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
