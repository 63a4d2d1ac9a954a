"""The security baseline of docs/operations.md G6–G9 that the foundation provides."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import path

from khoagiao.middleware import SESSION_AUTH_AT, SESSION_SEEN_AT
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(staff_user):
    assert staff_user.password.startswith("argon2")


@pytest.mark.django_db
def test_a_legacy_pbkdf2_hash_is_upgraded_on_login(client, staff_user):
    staff_user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    staff_user.save()
    client.post("/dang-nhap/", {"username": staff_user.username, "password": PASSWORD})
    staff_user.refresh_from_db()
    assert staff_user.password.startswith("argon2")


@pytest.mark.django_db
def test_short_and_common_passwords_are_refused(staff_user):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("ngan123", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak, staff_user)


def _login(client, username, password, ip):
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_lockout_is_per_user_and_address(client, staff_user, leader_user):
    for _ in range(5):
        _login(client, staff_user.username, "wrong-password", "10.0.0.1")
    locked = _login(client, staff_user.username, PASSWORD, "10.0.0.1")
    assert locked.status_code == 429
    assert "tạm khóa" in locked.content.decode()
    # The same user from another address, and another user from the same address, still get in.
    assert _login(client, staff_user.username, PASSWORD, "10.0.0.2").status_code == 302
    client.logout()
    assert _login(client, leader_user.username, PASSWORD, "10.0.0.1").status_code == 302


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_header_does_not_change_the_lockout_key(client, staff_user):
    for n in range(5):
        client.post(
            "/dang-nhap/",
            {"username": staff_user.username, "password": "wrong"},
            REMOTE_ADDR="10.0.0.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        "/dang-nhap/",
        {"username": staff_user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_login_rotates_the_session_key(client, staff_user):
    client.get("/dang-nhap/")
    client.session.save()
    before = client.session.session_key
    client.post("/dang-nhap/", {"username": staff_user.username, "password": PASSWORD})
    assert client.session.session_key != before


def _age_session(client, **ages):
    session = client.session
    now = int(datetime.datetime.now(datetime.UTC).timestamp())
    for key, minutes in ages.items():
        session[key] = now - minutes * 60
    session.save()


@pytest.mark.django_db
def test_thirty_minutes_idle_ends_the_session(login, staff_user):
    client = login(staff_user)
    assert client.get("/").status_code == 200
    _age_session(client, **{SESSION_SEEN_AT: 31})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")
    assert client.get("/").status_code == 302  # really signed out, not just redirected once


@pytest.mark.django_db
def test_twelve_hours_end_the_session_even_when_active(login, staff_user):
    client = login(staff_user)
    _age_session(client, **{SESSION_AUTH_AT: 12 * 60 + 1, SESSION_SEEN_AT: 1})
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_a_deactivated_user_is_out_on_the_next_request(login, staff_user):
    client = login(staff_user)
    staff_user.is_active = False
    staff_user.save()
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_an_old_session_cookie_is_useless_after_logout(login, staff_user):
    client = login(staff_user)
    cookie = client.cookies["sessionid"].value
    client.post("/dang-xuat/")
    client.cookies["sessionid"] = cookie
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_security_headers_on_a_signed_in_page(login, staff_user):
    response = login(staff_user).get("/")
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(login, staff_user):
    html = login(staff_user).get("/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


def _boom(request):
    raise RuntimeError("SELECT secret FROM settings")


urlpatterns = [path("boom/", _boom)]
handler500 = "khoagiao.views.server_error"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_shows_a_friendly_page_with_the_request_id(client, staff_user):
    client.raise_request_exception = False
    client.force_login(staff_user)
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in html
    assert response["X-Request-ID"] in html
    assert "Traceback" not in html
    assert "SELECT secret" not in html


@pytest.mark.django_db
def test_a_missing_page_is_friendly_and_in_vietnamese(login, staff_user):
    response = login(staff_user).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"), [("admin", 200), ("staff", 403), ("leader", 403), ("liaison_a", 403)]
)
def test_only_the_admin_role_reaches_the_django_admin(login, personas, persona, status):
    assert login(personas[persona]).get("/quan-tri/").status_code == status


def test_deploy_check_passes_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SECRET_KEY": "k" * 20 + "-Prod-Secret-9f8e7d6c5b4a3210zyxwvu",
        "DJANGO_ALLOWED_HOSTS": "khoagiao.example",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "true",
        "PORTAL_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
