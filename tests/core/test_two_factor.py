"""The admin's second factor (docs/operations.md G9): a TOTP code once per session before /quan-tri/."""

import io
import re

import pytest
from django.core import signing
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations import enrolment
from tests.factories import PASSWORD
from tests.sign_in import current_code as code_for

pytestmark = pytest.mark.django_db

PAGE = "/xac-thuc-hai-buoc/"


def printed_code(output):
    return re.search(r"authenticator app: ([A-Z0-9-]{14})", output).group(1)


def wrong_code_for(key_hex):
    return f"{(int(code_for(key_hex)) + 1) % 1_000_000:06d}"


def set_up_page(client, user):
    """The QR page, reached with a set-up code issued on the server."""
    code = enrolment.issue_code(user=user)
    response = client.post(PAGE, {"enrolment_code": code})
    html = response.content.decode()
    key_field = re.search(r'name="key" value="([^"]+)"', html).group(1)
    key_hex = signing.loads(key_field, salt="khoagiao.two_factor.setup")["key"]
    return html, key_field, key_hex


def test_an_admin_without_the_second_factor_is_sent_to_it_from_the_admin(login, admin_user):
    client = login(admin_user, second_factor=False)
    response = client.get("/quan-tri/organizations/organization/")
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?next=/quan-tri/organizations/organization/"


def test_the_portal_import_pages_ask_for_it_too(login, admin_user):
    client = login(admin_user, second_factor=False)
    response = client.get("/van-ban/nhap/")
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?next=/van-ban/nhap/"


def test_first_visit_shows_a_qr_code_and_saves_nothing_until_a_right_code(login, admin_user):
    client = login(admin_user, second_factor=False)
    html, key_field, key_hex = set_up_page(client, admin_user)
    assert "<svg" in html
    assert "Xác thực hai bước" in html
    secret = re.search(r"data-secret>([A-Z2-7 ]+)<", html).group(1)
    assert len(secret.replace(" ", "")) == 32

    response = client.post(PAGE, {"code": wrong_code_for(key_hex), "key": key_field, "next": "/quan-tri/"})
    assert response.status_code == 200
    assert "Mã này không đúng" in response.content.decode()
    assert not TOTPDevice.objects.exists()
    # The same QR code again, so the app the user already scanned still fits.
    assert secret in response.content.decode()

    response = client.post(PAGE, {"code": code_for(key_hex), "key": key_field, "next": "/quan-tri/"})
    assert response.status_code == 302
    assert response["Location"] == "/quan-tri/"
    device = TOTPDevice.objects.get(user=admin_user)
    assert device.confirmed
    assert device.key == key_hex
    assert client.get("/quan-tri/").status_code == 200


def test_a_tampered_set_up_key_is_refused(login, admin_user):
    client = login(admin_user, second_factor=False)
    key_hex = "00" * 20
    response = client.post(PAGE, {"code": code_for(key_hex), "key": key_hex})
    assert response.status_code == 200
    assert not TOTPDevice.objects.exists()
    assert client.get("/quan-tri/").status_code == 302


def test_a_returning_admin_enters_the_code_of_the_app_and_is_throttled_after_wrong_ones(login, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    client = login(admin_user, second_factor=False)
    html = client.get(PAGE).content.decode()
    assert "<svg" not in html, "a confirmed device is not shown again"

    response = client.post(PAGE, {"code": wrong_code_for(device.key)})
    assert "không đúng" in response.content.decode()
    # A second wrong code right away: django-otp's throttle answers before checking the code.
    response = client.post(PAGE, {"code": code_for(device.key)})
    assert response.status_code == 200
    assert "Nhập sai quá nhiều lần" in response.content.decode()
    assert client.get("/quan-tri/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.throttling_failure_count = 0
    device.save()
    response = client.post(PAGE, {"code": code_for(device.key), "next": "/quan-tri/"})
    assert response["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/").status_code == 200


def test_the_next_address_must_stay_on_the_portal(login, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    client = login(admin_user, second_factor=False)
    response = client.post(PAGE, {"code": code_for(device.key), "next": "https://evil.example/"})
    assert response["Location"] == "/quan-tri/"


def test_other_roles_never_see_the_page(login, staff_user, leader_user, liaison_a):
    for user in (staff_user, leader_user, liaison_a):
        assert login(user).get(PAGE).status_code == 403
        assert login(user).get("/quan-tri/").status_code == 403


def test_the_reset_command_removes_a_lost_device_and_prints_a_set_up_code(login, admin_user):
    TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    out = io.StringIO()
    call_command("reset_second_factor", admin_user.username, stdout=out)
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    code = printed_code(out.getvalue())
    client = login(admin_user, second_factor=False)
    assert "<svg" in client.post(PAGE, {"enrolment_code": code}).content.decode()


def test_signing_in_from_the_admin_brings_the_admin_back_to_the_page_asked_for(client, admin_user):
    target = "/quan-tri/organizations/organization/"
    response = client.get(target, follow=True)
    assert response.redirect_chain[-1][0] == f"/dang-nhap/?next={target}"
    credentials = {"username": admin_user.username, "password": PASSWORD, "next": target}
    response = client.post("/dang-nhap/", credentials, follow=True)
    assert response.redirect_chain[-1][0] == f"{PAGE}?next={target}"
    assert "Xác thực hai bước" in response.content.decode()
    # A signed-in admin sent to the admin's own login page goes on to the page asked for.
    assert client.get("/quan-tri/login/?next=/quan-tri/")["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/login/?next=https://evil.example/")["Location"] == "/quan-tri/"


def test_the_admin_login_page_refuses_other_signed_in_roles(login, staff_user):
    assert login(staff_user).get("/quan-tri/login/?next=/quan-tri/").status_code == 403
