"""updated_at kept by the database on every change (khoagiao/stamps.py), for the API's updated_since=."""

from django.db import migrations, models

from khoagiao import stamps

STAMPED = ["agreements_coordinationagreement"]
TOUCHES = [
    stamps.Touch(
        "agreements_coordinationagreement_partners",
        "coordinationagreement_id",
        "agreements_coordinationagreement",
    ),
    stamps.Touch("agreements_agreementitem", "agreement_id", "agreements_coordinationagreement"),
    stamps.Touch(
        "agreements_agreementitem_cooperating",
        "agreementitem_id",
        "agreements_coordinationagreement",
        via="SELECT agreement_id FROM agreements_agreementitem WHERE id IN ({ids})",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="coordinationagreement",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last changed"),
        ),
        migrations.AddIndex(
            model_name="coordinationagreement",
            index=models.Index(fields=["updated_at", "id"], name="agreement_updated_at"),
        ),
        migrations.RunPython(
            stamps.install(stamped=STAMPED, touches=TOUCHES), stamps.remove(stamped=STAMPED, touches=TOUCHES)
        ),
    ]
