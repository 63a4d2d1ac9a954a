# The province column filled by the previous migration becomes required.

import django.db.models.deletion
import khoagiao.scoping
from django.db import migrations, models

from organizations import province_fill


class Migration(migrations.Migration):
    dependencies = [
        ("signatures", "0003_province"),
    ]

    operations = [
        province_fill.OnPostgreSQL(
        migrations.AlterField(
            model_name="signeddocument",
            name="province",
            field=models.ForeignKey(
                default=khoagiao.scoping.province_default,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.province",
                verbose_name="province",
            ),
        ),
        ),
    ]
