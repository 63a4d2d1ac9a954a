from django.db import migrations

from khoagiao.trigram import index_operation


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_meeting_updated_at")]

    operations = [index_operation("meetings_meeting", "meeting_search_trgm")]
