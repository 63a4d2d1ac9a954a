from django.db import migrations

from khoagiao.trigram import index_operation


class Migration(migrations.Migration):
    dependencies = [("assignments", "0008_task_updated_at")]

    operations = [index_operation("assignments_task", "task_search_trgm")]
