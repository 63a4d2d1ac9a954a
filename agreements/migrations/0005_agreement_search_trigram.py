from django.db import migrations

from khoagiao.trigram import index_operation


class Migration(migrations.Migration):
    dependencies = [("agreements", "0004_agreement_updated_at")]

    operations = [index_operation("agreements_coordinationagreement", "agreement_search_trgm")]
