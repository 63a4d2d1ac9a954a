"""An admin makes a key in the admin site, sees it once, and revokes it; the portal keeps a hash."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey, token_hash
from tests.api.factories import api_key, bearer

pytestmark = pytest.mark.django_db


def make_key(client, **fields):
    data = {
        "name": "Văn phòng Tỉnh ủy — KPI",
        "organization": "",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=90)).strftime("%d/%m/%Y"),
        **fields,
    }
    return client.post(reverse("admin:api_apikey_add"), data)


def test_an_admin_makes_a_key_that_is_shown_once_and_kept_as_a_hash(login, admin_user, org_a):
    client = login(admin_user)
    response = make_key(client, organization=org_a.pk)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    token = re.search(r"<code data-api-key>(kg_[\w-]+)</code>", html)[1]
    assert "chỉ hiện ra một lần duy nhất" in html
    key = ApiKey.objects.get()
    assert (key.organization, key.created_by) == (org_a, admin_user)
    assert key.key_hash == token_hash(token)
    assert token not in str(ApiKey.objects.values().get())
    assert not any(token in s.session_data for s in Session.objects.all())
    assert token not in client.get(reverse("admin:api_apikey_changelist")).content.decode()
    assert token not in client.get(reverse("admin:api_apikey_change", args=[key.pk])).content.decode()
    # The key works, and reads as unit A's liaison.
    client.logout()
    assert client.get(reverse("api:task-list"), **bearer(token)).status_code == 200


def test_a_key_needs_a_name_and_a_date_within_three_years(login, admin_user):
    client = login(admin_user)
    too_late = (timezone.localdate() + datetime.timedelta(days=4 * 366)).strftime("%d/%m/%Y")
    response = make_key(client, name="  ", expires_on=too_late)
    assert response.status_code == 200
    assert not ApiKey.objects.exists()
    html = response.content.decode()
    assert "tối đa 3 năm" in html


def test_an_admin_revokes_keys_from_the_list(login, admin_user, client):
    key, token = api_key()
    admin = login(admin_user)
    response = admin.post(
        reverse("admin:api_apikey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
        follow=True,
    )
    assert "Đã thu hồi 1 khóa." in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_by == admin_user
    admin.logout()
    assert client.get(reverse("api:task-list"), **bearer(token)).status_code == 401


def test_only_the_admin_role_reaches_the_keys(login, staff_user, leader_user):
    for user in (staff_user, leader_user):
        client = login(user)
        assert client.get(reverse("admin:api_apikey_changelist")).status_code == 403
        assert make_key(client).status_code == 403
        client.logout()
    assert not ApiKey.objects.exists()
