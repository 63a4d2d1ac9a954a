# The column of Directive.recorded_in; 0014 fills it.

import django.db.models.deletion
import khoagiao.scoping
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directives', '0012_search_index_without_pending_list'),
        ('organizations', '0012_password_link_request'),
    ]

    operations = [
        migrations.AddField(
            model_name='directive',
            name='recorded_in',
            field=models.ForeignKey(blank=True, default=khoagiao.scoping.province_default, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.province', verbose_name='entered by the province'),
        ),
        migrations.AddField(
            model_name='historicaldirective',
            name='recorded_in',
            field=models.ForeignKey(blank=True, db_constraint=False, default=khoagiao.scoping.province_default, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.province', verbose_name='entered by the province'),
        ),
    ]
