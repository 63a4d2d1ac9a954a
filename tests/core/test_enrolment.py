"""Setting up an admin's authenticator app needs a one-time set-up code that another admin or
manage.py issues (G28): knowing a new admin's password is not enough to own the second factor."""

import datetime
import io
import re

import pytest
from django.contrib.auth.hashers import check_password
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations import enrolment
from organizations.models import AuthenticatorEnrolment
from tests.factories import UserFactory
from tests.sign_in import current_code

pytestmark = pytest.mark.django_db

PAGE = "/xac-thuc-hai-buoc/"
USERS = reverse("admin:organizations_user_changelist")
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


@pytest.fixture
def new_admin(ban):
    return UserFactory(username="quantri_moi", role="admin", organization=ban, is_staff=True)


def enter(client, code):
    return client.post(PAGE, {"enrolment_code": code, "next": "/quan-tri/"})


def finish(client, response):
    """Scan the QR page's key (compute the app's code) and send it; returns the answer."""
    key_field = re.search(r'name="key" value="([^"]+)"', response.content.decode()).group(1)
    key_hex = signing.loads(key_field, salt="khoagiao.two_factor.setup")["key"]
    return client.post(PAGE, {"code": current_code(key_hex), "key": key_field, "next": "/quan-tri/"})


def test_with_the_password_alone_no_app_can_be_set_up(client, new_admin):
    client.force_login(new_admin)
    response = client.get(PAGE)
    html = response.content.decode()
    assert "<svg" not in html
    assert "data-secret" not in html
    assert "Anh/chị chưa có mã thiết lập còn hiệu lực" in html
    assert "Cấp mã thiết lập cho ứng dụng xác thực" in html  # the admin action to ask for
    assert "python manage.py authenticator_code quantri_moi" in html

    for guess in ("", "ABCD-EFGH-JKMN", "123456"):
        response = enter(client, guess)
        assert "<svg" not in response.content.decode()
    # The old way in, a first app code with a key of one's own choosing, is refused.
    response = client.post(PAGE, {"code": current_code("00" * 20), "key": "00" * 20})
    assert "<svg" not in response.content.decode()
    assert not TOTPDevice.objects.filter(user=new_admin).exists()
    assert client.get("/quan-tri/").status_code == 302


def test_another_admin_issues_a_code_in_the_admin_and_it_works_once(login, admin_user, new_admin):
    response = login(admin_user).post(
        USERS, {"action": "issue_authenticator_code", "_selected_action": [new_admin.pk]}
    )
    assert response.status_code == 200
    html = response.content.decode()
    code = CODE.search(html).group(0)
    assert "chỉ hiện một lần" in html
    stored = AuthenticatorEnrolment.objects.get(user=new_admin)
    assert stored.issued_by == admin_user
    assert code not in stored.code_hash
    assert code.replace("-", "") not in stored.code_hash
    assert check_password(code.replace("-", ""), stored.code_hash)
    assert stored.expires_at - stored.created_at == datetime.timedelta(minutes=30)

    client = login(new_admin, second_factor=False)
    qr_page = enter(client, code.lower().replace("-", " "))  # as typed from paper
    assert "<svg" in qr_page.content.decode()
    assert finish(client, qr_page)["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/").status_code == 200
    stored.refresh_from_db()
    assert stored.used_at is not None

    # Used up: after the app is removed, the same code sets up nothing.
    TOTPDevice.objects.filter(user=new_admin).delete()
    client = login(new_admin, second_factor=False)
    assert "<svg" not in enter(client, code).content.decode()


def test_a_code_checked_on_one_page_cannot_set_up_two_apps(login, new_admin):
    code = enrolment.issue_code(user=new_admin)
    client = login(new_admin, second_factor=False)
    first, second = enter(client, code), enter(client, code)
    assert finish(client, first).status_code == 302
    TOTPDevice.objects.filter(user=new_admin).delete()
    client = login(new_admin, second_factor=False)
    response = finish(client, second)
    assert response.status_code == 200
    assert "đã được dùng" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=new_admin).exists()


def test_a_code_expires_after_the_configured_minutes(login, new_admin, settings):
    settings.PORTAL_OTP_ENROLMENT_MINUTES = 10
    code = enrolment.issue_code(user=new_admin)
    stored = AuthenticatorEnrolment.objects.get(user=new_admin)
    assert stored.expires_at - stored.created_at == datetime.timedelta(minutes=10)
    stored.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    stored.save()
    response = enter(login(new_admin, second_factor=False), code)
    assert "<svg" not in response.content.decode()
    assert "đã hết hạn" in response.content.decode()


def test_wrong_guesses_void_the_code(login, new_admin):
    code = enrolment.issue_code(user=new_admin)
    client = login(new_admin, second_factor=False)
    for _ in range(enrolment.MAX_FAILURES):
        enter(client, "ABCD-EFGH-JKMN")
    assert "<svg" not in enter(client, code).content.decode()


def test_a_new_code_cancels_the_previous_one(login, new_admin):
    old = enrolment.issue_code(user=new_admin)
    new = enrolment.issue_code(user=new_admin)
    client = login(new_admin, second_factor=False)
    assert "<svg" not in enter(client, old).content.decode()
    assert "<svg" in enter(client, new).content.decode()


def test_codes_only_for_other_administrators(login, admin_user, staff_user):
    client = login(admin_user)
    for user in (admin_user, staff_user):
        response = client.post(
            USERS, {"action": "issue_authenticator_code", "_selected_action": [user.pk]}, follow=True
        )
        assert not CODE.search(response.content.decode())
    messages = [str(m) for m in response.context["messages"]]
    assert any("không phải quản trị viên" in m for m in messages)
    assert not AuthenticatorEnrolment.objects.exists()


def test_the_command_prints_a_code_that_works(login, new_admin):
    out = io.StringIO()
    call_command("authenticator_code", new_admin.username, stdout=out)
    code = CODE.search(out.getvalue()).group(0)
    stored = AuthenticatorEnrolment.objects.get(user=new_admin)
    assert stored.issued_by is None
    client = login(new_admin, second_factor=False)
    assert finish(client, enter(client, code)).status_code == 302


def test_the_demo_admin_gets_a_code_from_seed_demo(client, khoa_giao_fields, settings):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    code = CODE.search(out.getvalue()).group(0)
    client.post("/dang-nhap/", {"username": "quantri", "password": settings.PORTAL_DEMO_PASSWORD})
    assert finish(client, enter(client, code))["Location"] == "/quan-tri/"
    # Once the demo admin has an app, seeding again issues no code.
    assert not CODE.search(call_command_output("seed_demo"))


def call_command_output(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
