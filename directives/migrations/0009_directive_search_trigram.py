from django.db import migrations

from khoagiao.trigram import index_operation


class Migration(migrations.Migration):
    dependencies = [("directives", "0008_import_sweeper")]

    operations = [index_operation("directives_directive", "directive_search_trgm")]
