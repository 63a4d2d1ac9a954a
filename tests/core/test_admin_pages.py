"""Every page of the admin answers for the admin role on the demo data: each registered model's
list, one record's page and, where the model keeps history, its history page."""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin


@pytest.mark.django_db
def test_every_admin_page_answers_on_the_demo_data(login, admin_user, khoa_giao_fields, settings):
    settings.PORTAL_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("seed_demo", stdout=io.StringIO())
    client = login(admin_user)
    failures = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        urls = [reverse(f"{base}_changelist")]
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            urls.append(reverse(f"{base}_change", args=[obj.pk]))
            if isinstance(model_admin, SimpleHistoryAdmin):
                urls.append(reverse(f"{base}_history", args=[obj.pk]))
        for url in urls:
            status = client.get(url).status_code
            if status != 200:
                failures.append(f"{url} -> {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_the_admin_index_names_every_section_in_vietnamese(login, admin_user):
    """Packages without a Vietnamese catalogue (django-axes, django-celery-beat, django-otp) are
    named and labelled through the portal's own (locale/vendor, organizations.AuthenticatorDevice)."""
    body = login(admin_user).get(reverse("admin:index")).content.decode()
    for name in ("Khóa đăng nhập", "Lần đăng nhập", "Tác vụ định kỳ", "Lịch crontab", "Ứng dụng xác thực"):
        assert name in body, name
    for english in ("Axes", "Access attempts", "Periodic tasks", "Crontabs", "TOTP", "Otp_Totp"):
        assert english not in body, english


@pytest.mark.django_db
def test_an_admin_removes_a_lost_authenticator_app_and_cannot_see_its_key(login, admin_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import UserFactory

    other = UserFactory(username="admin2", role="admin", is_staff=True)
    device = TOTPDevice.objects.create(user=other, name="Điện thoại cũ", confirmed=True)
    client = login(admin_user)
    listing = client.get(reverse("admin:organizations_authenticatordevice_changelist")).content.decode()
    assert "admin2" in listing
    assert "Điện thoại cũ" in listing
    page = client.get(reverse("admin:organizations_authenticatordevice_change", args=[device.pk]))
    assert device.key not in page.content.decode()
    assert client.get(reverse("admin:organizations_authenticatordevice_add")).status_code == 403

    url = reverse("admin:organizations_authenticatordevice_delete", args=[device.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


@pytest.mark.django_db
def test_the_admins_date_and_time_boxes_are_labelled(login, admin_user):
    """templates/admin/widgets/split_datetime.html (issue 15): Django writes "Date:" and "Time:" as
    bare text; a screen reader finds each box's name only in a <label> pointing at it."""
    body = login(admin_user).get(reverse("admin:django_celery_beat_clockedschedule_add")).content.decode()
    assert '<label class="datetime-part" for="id_clocked_time_0">Ngày:</label>' in body
    assert '<label class="datetime-part" for="id_clocked_time_1">Giờ:</label>' in body
    assert 'src="/static/js/admin-portal.js"' in body  # the script that names the vendors' widgets
