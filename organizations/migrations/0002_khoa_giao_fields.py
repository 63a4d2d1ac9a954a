"""The lĩnh vực khoa giáo of Hướng dẫn 128-HD/BTGTW (22/12/2023), reference data in every install.

31-HD/BTGTW (2022) listed the first seven; 128-HD/BTGTW added an sinh xã hội and phòng, chống
tệ nạn xã hội for 2024 onwards (docs/domain.md, "The fields of khoa giáo work")."""

from django.db import migrations

FIELDS = [
    ("giao_duc_dao_tao", "Giáo dục và đào tạo", None),
    ("khoa_hoc_cong_nghe", "Khoa học và công nghệ", None),
    ("y_te", "Y tế", None),
    ("dan_so", "Dân số", None),
    ("the_duc_the_thao", "Thể dục thể thao", None),
    ("gia_dinh", "Gia đình", None),
    ("tre_em", "Trẻ em", None),
    ("an_sinh_xa_hoi", "An sinh xã hội", 2024),
    ("phong_chong_te_nan_xa_hoi", "Phòng, chống tệ nạn xã hội", 2024),
]


def add_fields(apps, schema_editor):
    Field = apps.get_model("organizations", "Field")
    for order, (code, name, since) in enumerate(FIELDS, start=1):
        Field.objects.update_or_create(code=code, defaults={"name": name, "order": order, "since_year": since})


def remove_fields(apps, schema_editor):
    apps.get_model("organizations", "Field").objects.filter(code__in=[f[0] for f in FIELDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(add_fields, remove_fields)]
