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
