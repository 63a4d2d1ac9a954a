"""A new liaison chooses its own password from the invitation's link, and "Quên mật khẩu?"
(organizations/passwords.py): the mail goes through the outbox once, the link sets the password
once and expires, the forgot-password page tells nobody which e-mails have accounts and is
rate-limited, and an admin sends an invitation again from the admin site."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notices.models import Mail
from notices.services import mail_send_due
from organizations import services
from organizations.models import User
from tests.factories import UserFactory
from tests.sign_in import sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Bien-Xanh-Nha-Trang-2026"
FORGOT = reverse("password_reset")
USERS = reverse("admin:organizations_user_changelist")


def confirmed_addition(head, admin, unit, email="lan@so-gddt.example"):
    request = services.liaison_request_add(
        by=head, organization=unit, full_name="Nguyễn Thị Lan", email=email, position="Chuyên viên"
    )
    services.liaison_request_confirm(by=admin, liaison_request=request)
    request.refresh_from_db()
    return request


def link_in(body):
    return urlsplit(re.search(r"https?://\S+/dat-mat-khau/\S+", body).group()).path


def open_link(client, path):
    """What the browser does: Django takes the token out of the address bar, then shows the form."""
    response = client.get(path)
    if response.status_code == 302:
        response = client.get(response["Location"])
    return response


def test_a_confirmed_liaison_gets_one_invitation_and_its_link_sets_the_password_once(
    client, head_a, admin_user, org_a
):
    head_a.position = "Giám đốc Sở"
    head_a.save()
    request = confirmed_addition(head_a, admin_user, org_a)
    person = request.person
    assert not person.has_usable_password()
    # Confirming again queues nothing more.
    services.liaison_request_confirm(by=admin_user, liaison_request=request)
    invitation = Mail.objects.get(recipient=person)
    assert invitation.address == "lan@so-gddt.example"
    assert "Sở Giáo dục và Đào tạo" in invitation.subject
    # The unit in full, who asked and who confirmed, the user name, an absolute link.
    body = invitation.body
    assert "Sở Giáo dục và Đào tạo" in body
    assert "Trần Văn Hùng (Giám đốc Sở)" in body
    assert admin_user.get_full_name() in body
    assert f"Tên đăng nhập của đồng chí: {person.username}" in body
    assert "http://127.0.0.1:8000/dat-mat-khau/" in body

    # The outbox sends it once.
    assert mail_send_due() == (1, 0)
    assert mail_send_due() == (0, 0)
    assert [m.to for m in mail.outbox] == [["lan@so-gddt.example"]]
    assert mail.outbox[0].body == body

    path = link_in(body)
    page = open_link(client, path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Chọn mật khẩu" in text
    assert person.username in text
    # The validators speak Vietnamese; nothing is set.
    short = client.post(page.request["PATH_INFO"], {"new_password1": "ngan", "new_password2": "ngan"})
    assert "Mật khẩu này quá ngắn" in short.content.decode()
    done = client.post(
        page.request["PATH_INFO"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert done.redirect_chain[-1][0] == reverse("login")
    assert "Mật khẩu của bạn đã được đặt" in done.content.decode()
    assert "_auth_user_id" not in client.session, "setting the password signs nobody in"

    signed_in = Client().post(reverse("login"), {"username": person.username, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/"
    # The link is dead once used.
    again = open_link(Client(), path)
    assert again.status_code == 200
    assert "Liên kết này không còn dùng được" in again.content.decode()
    assert "Chọn mật khẩu" not in again.content.decode()


def test_the_link_expires_after_the_set_number_of_days(client, head_a, admin_user, org_a, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        request = confirmed_addition(head_a, admin_user, org_a)
    path = link_in(Mail.objects.get(recipient=request.person).body)
    with time_machine.travel(start + datetime.timedelta(days=3, minutes=-1), tick=False):
        assert "Chọn mật khẩu" in open_link(Client(), path).content.decode()
    with time_machine.travel(start + datetime.timedelta(days=3, minutes=1), tick=False):
        page = open_link(client, path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Liên kết này không còn dùng được" in text
    assert reverse("password_reset") in text, "the page says where to ask for a new link"
    request.person.refresh_from_db()
    assert not request.person.has_usable_password()


def test_a_mail_server_down_keeps_the_invitation_until_it_is_back(head_a, admin_user, org_a, settings):
    settings.EMAIL_BACKEND = "tests.organizations.test_passwords.RefusingBackend"
    request = confirmed_addition(head_a, admin_user, org_a)
    assert mail_send_due() == (0, 1)
    waiting = Mail.objects.get(recipient=request.person)
    assert waiting.sent_at is None
    assert "ConnectionRefusedError" in waiting.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Mail.objects.filter(pk=waiting.pk).update(next_try_at=timezone.now())
    assert mail_send_due() == (1, 0)
    assert len(mail.outbox) == 1


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_garbled_links_get_the_same_clear_page(client):
    for path in (
        "/dat-mat-khau/x/y/",
        "/dat-mat-khau/OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk/abc-def/",  # an id far beyond any row
        "/dat-mat-khau/MQ/mat-khau-moi/",  # the form's own address without the token in the session
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Liên kết này không còn dùng được" in response.content.decode()


def test_forgot_password_answers_every_email_alike_and_mails_only_an_active_account(
    client, staff_user, org_a
):
    invited = UserFactory(username="moi_moi", email="moi@so-gddt.example", organization=org_a)
    invited.set_unusable_password()
    invited.save()
    UserFactory(username="da_nghi", email="nghi@so-gddt.example", is_active=False)
    login_page = client.get(reverse("login")).content.decode()
    assert f'href="{FORGOT}"' in login_page
    assert "Quên mật khẩu?" in login_page
    assert "Quên mật khẩu?" in client.get(FORGOT).content.decode()

    answers = []
    for email in (
        staff_user.email.upper(),
        "khong-co@khoagiao.example",
        "nghi@so-gddt.example",
        invited.email,
    ):
        response = client.post(FORGOT, {"email": email})
        answers.append((response.status_code, response["Location"]))
    assert set(answers) == {(302, reverse("password_reset_done"))}
    done = client.get(reverse("password_reset_done")).content.decode()
    assert "Hãy xem hộp thư" in done
    # Only the active accounts: the staff member, and the invited person who never signed in.
    assert sorted(Mail.objects.values_list("address", flat=True)) == sorted([staff_user.email, invited.email])
    reset = Mail.objects.get(recipient=staff_user)
    assert reset.subject == "[Cổng khoa giáo] Đặt mật khẩu mới"
    path = link_in(reset.body)
    response = client.post(
        open_link(client, path).request["PATH_INFO"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.check_password(NEW_PASSWORD)
    assert "Liên kết này không còn dùng được" in open_link(Client(), path).content.decode()


def test_a_signed_in_person_changes_the_password_on_the_change_page(client, staff_user):
    sign_in(client, staff_user)
    response = client.get(FORGOT)
    assert (response.status_code, response["Location"]) == (302, reverse("password_change"))


def test_forgot_password_is_limited_per_email_and_per_address(client, staff_user, settings):
    settings.PORTAL_PASSWORD_RESET_EMAIL_LIMIT = 2
    settings.PORTAL_PASSWORD_RESET_ADDRESS_LIMIT = 4
    for _ in range(2):
        assert client.post(FORGOT, {"email": staff_user.email}, REMOTE_ADDR="10.0.0.1").status_code == 302
    limited = client.post(FORGOT, {"email": staff_user.email}, REMOTE_ADDR="10.0.0.2")
    assert limited.status_code == 429
    assert "Vui lòng chờ 15 phút" in limited.content.decode()
    # An unknown e-mail is limited alike: the limit tells nothing about accounts.
    for _ in range(2):
        client.post(FORGOT, {"email": "ai-do@khoagiao.example"}, REMOTE_ADDR="10.0.0.3")
    assert client.post(FORGOT, {"email": "ai-do@khoagiao.example"}, REMOTE_ADDR="10.0.0.4").status_code == 429
    assert Mail.objects.filter(recipient=staff_user).count() == 2
    # One address, many e-mails: refused after the address's limit.
    for n in range(4):
        assert (
            client.post(FORGOT, {"email": f"x{n}@khoagiao.example"}, REMOTE_ADDR="10.0.0.9").status_code
            == 302
        )
    assert client.post(FORGOT, {"email": "y@khoagiao.example"}, REMOTE_ADDR="10.0.0.9").status_code == 429
    # After the cool-off the person may ask again.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert client.post(FORGOT, {"email": staff_user.email}, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert Mail.objects.filter(recipient=staff_user).count() == 3


def test_an_admin_sends_the_invitation_again_from_the_user_list(head_a, admin_user, org_a):
    request = confirmed_addition(head_a, admin_user, org_a)
    person = request.person
    first = Mail.objects.get(recipient=person)
    admin = sign_in(Client(), admin_user)

    def resend(*users):
        return admin.post(
            USERS, {"action": "send_invitation", "_selected_action": [u.pk for u in users]}, follow=True
        ).content.decode()

    # The first still waits in the outbox: a second click queues nothing.
    assert "vẫn đang chờ trong hộp thư đi" in resend(person)
    assert Mail.objects.filter(recipient=person).count() == 1
    mail_send_due()
    page = resend(person)
    assert "Đã xếp hàng gửi thư mời: 1." in page
    again = Mail.objects.filter(recipient=person).exclude(pk=first.pk).get()
    # The same mail, with a link of its own time (Django's token counts in seconds: two mails in
    # the same second carry the same link).
    assert again.subject == first.subject
    assert "Chọn mật khẩu" in open_link(Client(), link_in(again.body)).content.decode()
    assert re.sub(r"\S+/dat-mat-khau/\S+", "", again.body) == re.sub(r"\S+/dat-mat-khau/\S+", "", first.body)
    # A deactivated account is refused with the reason, and gets nothing.
    gone = UserFactory(username="da_nghi", role="liaison", organization=org_a, is_active=False)
    assert "đã bị khóa" in resend(gone)
    assert not Mail.objects.filter(recipient=gone).exists()
    assert User.objects.filter(pk=person.pk, is_active=True).exists()
