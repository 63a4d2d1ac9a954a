"""The Ban's scheduled report now makes a draft that the staff are told of (issue #18): the row's
description in Administration → Periodic tasks says so, unless an admin has rewritten it."""

from django.db import migrations

BAN_REPORT = "Báo cáo định kỳ của Ban (sau mỗi kỳ)"
OLD = (
    "Báo cáo tiến độ công tác khoa giáo của Ban cho kỳ vừa kết thúc (quý I, 6 tháng, 9 tháng, năm); "
    "lãnh đạo Ban nhận thư có đường dẫn khi báo cáo xong."
)
NEW = (
    "Dự thảo báo cáo tiến độ công tác khoa giáo của Ban cho kỳ vừa kết thúc (quý I, 6 tháng, 9 tháng, "
    "năm); chuyên viên nhận thư có đường dẫn, hoàn thiện dự thảo và trình lãnh đạo Ban phê duyệt "
    "trước khi cấp số, ban hành và gửi đi."
)


def _replace(old, new):
    def run(apps, schema_editor):
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        PeriodicTask.objects.filter(name=BAN_REPORT, description=old).update(description=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_issued_docx_and_records"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(_replace(OLD, NEW), _replace(NEW, OLD))]
