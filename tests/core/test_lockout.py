"""Password spraying (G29): one wrong password each for many user names from one address is
limited per address, beside the per-user-and-address lockout; a known user is never locked out
from another address."""

import subprocess
import sys

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
SPRAYER = "10.0.0.66"


@pytest.fixture
def address_limit(settings):
    settings.PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    return 6


def _login(client, username, password, ip):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _spray(client, count, ip=SPRAYER, start=0):
    """One wrong password for each of `count` user names, as a sprayer tries them."""
    for n in range(start, start + count):
        response = _login(client, f"canbo{n:02d}", "Matkhau@2026", ip)
        assert response.status_code == 200, "each name alone is far below its own limit"


def test_one_wrong_password_for_many_names_blocks_the_address(client, staff_user, address_limit):
    _spray(client, address_limit - 1)
    # The failure that reaches the limit is answered with the lockout page ...
    assert _login(client, "canbo99", "Matkhau@2026", SPRAYER).status_code == 429
    # ... and from then on even a right password is refused from that address.
    blocked = _login(client, staff_user.username, PASSWORD, SPRAYER)
    assert blocked.status_code == 429
    body = blocked.content.decode()
    assert "từ địa chỉ mạng này" in body
    assert "nhiều tên đăng nhập" in body
    assert "15 phút" in body
    # The known user signs in from anywhere else, and another address is not limited.
    assert _login(client, staff_user.username, PASSWORD, "10.0.0.67").status_code == 302


def test_below_the_address_limit_everyone_still_signs_in(client, staff_user, address_limit):
    _spray(client, address_limit - 1)
    assert _login(client, staff_user.username, PASSWORD, SPRAYER).status_code == 302


def test_a_sprayer_cannot_clear_the_count_by_signing_in_to_an_own_account(client, address_limit):
    own = UserFactory(username="tai_khoan_rieng", role="staff")
    _spray(client, address_limit - 1)
    assert _login(client, own.username, PASSWORD, SPRAYER).status_code == 302
    client.logout()
    assert _login(client, "canbo50", "Matkhau@2026", SPRAYER).status_code == 429
    assert _login(client, own.username, PASSWORD, SPRAYER).status_code == 429


def test_the_per_user_lockout_keeps_its_own_message(client, staff_user, settings):
    settings.PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT = 100
    for _ in range(5):
        _login(client, staff_user.username, "wrong-password", "10.0.0.5")
    body = _login(client, staff_user.username, PASSWORD, "10.0.0.5").content.decode()
    assert "cho tài khoản này từ máy này" in body
    assert "từ địa chỉ mạng này" not in body


def test_the_address_limit_comes_from_the_environment(tmp_path):
    from tests.core.test_settings import ROOT

    probe = "import django; from django.conf import settings; django.setup(); "
    probe += "print(settings.PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT)"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "khoagiao.settings",
        "DJANGO_SECRET_KEY": "x" * 60,
        "PORTAL_VAR_DIR": str(tmp_path),
        "PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT": "42",
    }
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"
