"""The admin speaks Vietnamese: every page of it, for every registered model, on demo-like data,
signed in as an admin past the second factor, shows no English a reader would meet (text, titles,
alternative texts, placeholders, button captions). Record data (user names, codes, raw JSON
values) and a short list of proper names are not prose and are left out."""

import contextlib
import io
import re

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_celery_beat.models import ClockedSchedule, SolarSchedule
from simple_history.admin import SimpleHistoryAdmin

from directives.models import ImportLog
from organizations.models import User
from tests.assignments.factories import TaskAttachmentFactory
from tests.factories import PASSWORD
from tests.meetings.factories import MeetingAttachmentFactory
from tests.reports.factories import ReportFactory
from tests.visible_text import foreign_words, visible_text

# Proper names and terms with no Vietnamese word in use: software, file formats, keyboard keys.
ALLOWED = {
    "Celery",
    "cron",
    "crontab",
    "Redis",
    "RabbitMQ",
    "csv",
    "xlsx",
    "web",  # "trang web"
    "Control",  # keys: "Nhấn giữ phím “Control”, hoặc “Command” trên máy Mac"
    "Command",
    "Mac",
    "Word",  # "Tệp Word": the issued report's .docx
}
# Options that are names of places (the time zones of a crontab): not prose.
SKIP = "//select[@name='timezone']"


def data_words():
    """Words that are record data in the demo: user names, group (role code) names, device names,
    what axes recorded about the test client."""
    from axes.models import AccessAttempt, AccessLog
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from organizations.models import Organization

    values = [
        *User.objects.values_list("username", flat=True),
        *Group.objects.values_list("name", flat=True),
        *TOTPDevice.objects.values_list("name", flat=True),
        *Organization.objects.values_list("symbol", flat=True),
        *AccessAttempt.objects.values_list("user_agent", flat=True),
        *AccessLog.objects.values_list("user_agent", flat=True),
    ]
    return {word for value in values for word in re.findall(r"\w+", value)}


def json_values_xpath(model):
    """Stored JSON (a frozen snapshot) is shown as it was saved: data, not interface."""
    names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
    return [f"//div[contains(@class, 'field-{name}')]//div[contains(@class, 'readonly')]" for name in names]


@pytest.fixture
def demo_admin(client, admin_user, khoa_giao_fields, settings):
    settings.PORTAL_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("seed_demo", stdout=io.StringIO())
    # What the demo has no row of: a failed and a good sign-in (axes), one-off schedules, an
    # import, attachments, a report.
    client.post(reverse("login"), {"username": admin_user.username, "password": "sai-mat-khau"})
    client.post(reverse("login"), {"username": admin_user.username, "password": PASSWORD})
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    SolarSchedule.objects.create(event="sunrise", latitude=12.24, longitude=109.19)
    ImportLog.objects.create(
        user=admin_user,
        file_name="danh-muc-van-ban.xlsx",
        file_sha256="0" * 64,
        file_size=1024,
        file_format="xlsx",
        rows_total=3,
        created_count=3,
        updated_count=0,
        unchanged_count=0,
    )
    TaskAttachmentFactory()
    MeetingAttachmentFactory()
    ReportFactory()
    return admin_user


def admin_pages(client, user):
    """Every page of the admin for the demo data: index, each app, and for each model its list,
    add form, one record's form, its history (and one historical version), its deletion."""
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    pages += [reverse("admin:auth_user_password_change", args=[user.pk])]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        pages.append(reverse("admin:app_list", args=[meta.app_label]))
        pages.append(reverse(f"{base}_changelist"))
        pages.append(reverse(f"{base}_add"))
        with contextlib.suppress(NoReverseMatch):  # only the models with an export page
            pages.append(reverse(f"{base}_export"))
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        for view in ("change", "history", "delete"):
            pages.append(reverse(f"{base}_{view}", args=[obj.pk]))
        if isinstance(model_admin, SimpleHistoryAdmin):
            record = obj.history.order_by("history_id").first()
            pages.append(reverse(f"{base}_simple_history", args=[obj.pk, record.history_id]))
    return list(dict.fromkeys(pages))


def model_for(url):
    for model in admin.site._registry:
        if url.startswith(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")):
            return model
    return None


@pytest.mark.django_db
def test_no_admin_page_shows_english(client, demo_admin):
    from tests.sign_in import sign_in

    sign_in(client, demo_admin)
    allowed = ALLOWED | data_words()
    visited, english = 0, {}
    for url in admin_pages(client, demo_admin):
        response = client.get(url)
        if response.status_code == 403:  # read-only records: no add, change or delete form
            continue
        assert response.status_code == 200, url
        visited += 1
        model = model_for(url)
        skip = " | ".join([SKIP, *(json_values_xpath(model) if model else [])])
        words = foreign_words(visible_text(response.content.decode(), skip_xpath=skip), allowed)
        if words:
            english[url] = sorted(set(words))
    assert visited > 100
    assert not english, "\n".join(f"{url}: {' '.join(words)}" for url, words in english.items())


@pytest.mark.django_db
def test_password_rules_speak_vietnamese(login, staff_user):
    """Django's password validators ("This password is too short…") through the portal's page."""
    response = login(staff_user).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Ngan@2026", "new_password2": "Ngan@2026"},
    )
    body = response.content.decode()
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 12 ký tự." in body
    assert "too short" not in body
