"""A unit's head names and withdraws its liaisons; an admin of the province confirms (issue 14).

The head asks on "Đầu mối liên lạc của đơn vị", the admin decides in the admin site, both through
organizations.services; what each person then sees, who was told, and what is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from assignments.models import Task
from khoagiao.scoping import in_province
from notices.models import Notice
from organizations import services
from organizations.models import LiaisonRequest, Province, User
from tests.assignments.factories import TaskFactory
from tests.factories import PASSWORD, UserFactory
from tests.sign_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def task_a(org_a):
    return TaskFactory(lead=org_a, title="Triển khai Nghị quyết 57 tại Sở Giáo dục và Đào tạo")


def page_of(unit):
    return reverse("organizations:liaisons", kwargs={"pk": unit.pk})


def admin_change(request):
    return reverse("admin:organizations_liaisonrequest_change", args=[request.pk])


def add(head, unit, **fields):
    values = {"full_name": "Nguyễn Thị Lan", "email": "lan@so-gddt.example", "position": "Chuyên viên"}
    return services.liaison_request_add(by=head, organization=unit, **{**values, **fields})


def test_an_addition_confirmed_in_the_admin_makes_a_liaison_who_sees_the_units_tasks(
    client, head_a, admin_user, org_a, task_a
):
    sign_in(client, head_a)
    response = client.post(
        page_of(org_a),
        {
            "request": "add",
            "add-full_name": "Nguyễn Thị Lan",
            "add-position": "Chuyên viên Văn phòng Sở",
            "add-email": "Lan@So-GDDT.example",
            "add-phone": "0258 3822 123",
        },
    )
    assert response.status_code == 302
    request = LiaisonRequest.objects.get()
    assert (request.status, request.kind, request.requested_by, request.email) == (
        "pending",
        "add",
        head_a,
        "lan@so-gddt.example",
    )
    # The province's admin is told, with a link to the decision.
    told = Notice.objects.get(recipient=admin_user, kind="liaison_request")
    assert "Nguyễn Thị Lan" in told.text
    assert told.path == admin_change(request)
    page = client.get(page_of(org_a)).content.decode()
    assert "Chờ quản trị viên duyệt" in page

    admin = sign_in(Client(), admin_user)
    response = admin.post(admin_change(request), {"decision": "confirmed", "refusal_reason": ""})
    assert response.status_code == 302, response.content.decode()[:2000]

    liaison = User.objects.liaisons_of(org_a).get()
    assert (liaison.get_full_name(), liaison.email, liaison.position, liaison.phone) == (
        "Nguyễn Thị Lan",
        "lan@so-gddt.example",
        "Chuyên viên Văn phòng Sở",
        "0258 3822 123",
    )
    assert liaison.province_id == org_a.province_id
    assert liaison.role == "liaison"
    assert not liaison.has_usable_password()
    request.refresh_from_db()
    assert (request.status, request.person, request.decided_by) == ("confirmed", liaison, admin_user)
    # The new liaison sees the unit's task as its liaison does.
    assert task_a in Task.objects.visible_to(liaison)
    assert sign_in(Client(), liaison).get(f"/nhiem-vu/{task_a.pk}/").status_code == 200
    # The head is told, and its page lists the liaison.
    assert Notice.objects.filter(
        recipient=head_a, kind="liaison_decided", text__startswith="Đã xác nhận"
    ).exists()
    page = client.get(page_of(org_a)).content.decode()
    assert "Đã xác nhận" in page
    assert "lan@so-gddt.example" in page


def test_a_withdrawal_confirmed_closes_the_liaisons_account(head_a, liaison_a, admin_user, org_a, task_a):
    former = sign_in(Client(), liaison_a)
    assert former.get(f"/nhiem-vu/{task_a.pk}/").status_code == 200
    request = services.liaison_request_withdraw(
        by=head_a, organization=org_a, person=liaison_a, note="Nghỉ hưu"
    )
    services.liaison_request_confirm(by=admin_user, liaison_request=request)

    liaison_a.refresh_from_db()
    assert not liaison_a.is_active
    assert liaison_a.organization == org_a, "the row keeps its unit"
    assert not User.objects.liaisons_of(org_a).exists()
    assert not Task.objects.visible_to(liaison_a).exists()
    # Signed in before: the next request is a stranger's, sent to sign in.
    response = former.get(f"/nhiem-vu/{task_a.pk}/")
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]
    again = Client()
    again.post(reverse("login"), {"username": "liaison_a", "password": PASSWORD})
    assert "_auth_user_id" not in again.session, "a withdrawn liaison cannot sign in"


def test_the_head_of_another_unit_and_the_other_roles_cannot_ask(
    client, head_b, liaison_a, staff_user, leader_user, admin_user, org_a
):
    post = {"request": "add", "add-full_name": "Nguyễn Văn An", "add-email": "an@so-gddt.example"}
    for user in (head_b, liaison_a, staff_user, leader_user, admin_user):
        sign_in(client, user)
        assert client.get(page_of(org_a)).status_code == 403, user
        assert client.post(page_of(org_a), post).status_code == 403, user
        with pytest.raises(PermissionDenied):
            add(user, org_a)
        with pytest.raises(PermissionDenied):
            services.liaison_request_withdraw(by=user, organization=org_a, person=liaison_a)
        client.logout()
    assert not LiaisonRequest.objects.exists()
    assert client.get(page_of(org_a)).status_code == 302  # anonymous: to the sign-in page


def test_only_an_admin_of_the_units_province_decides(
    head_a, staff_user, leader_user, liaison_a, admin_user, org_a
):
    request = add(head_a, org_a)
    lai_chau = Province.objects.create(code="lai-chau", name="Lai Châu")
    with in_province(lai_chau):
        other_admin = UserFactory(username="admin_lc", role="admin", is_staff=True, province=lai_chau)
    for user in (other_admin, staff_user, leader_user, liaison_a, head_a):
        with pytest.raises(PermissionDenied):
            services.liaison_request_confirm(by=user, liaison_request=request)
        with pytest.raises(PermissionDenied):
            services.liaison_request_refuse(by=user, liaison_request=request, reason="Không")
    request.refresh_from_db()
    assert request.status == "pending"
    assert not User.objects.filter(email="lan@so-gddt.example").exists()
    services.liaison_request_confirm(by=admin_user, liaison_request=request)
    assert User.objects.liaisons_of(org_a).filter(email="lan@so-gddt.example").exists()


def test_confirming_twice_changes_nothing_the_second_time(head_a, admin_user, org_a):
    request = add(head_a, org_a)
    first = services.liaison_request_confirm(by=admin_user, liaison_request=request)
    users, notices = User.objects.count(), Notice.objects.count()
    again = services.liaison_request_confirm(by=admin_user, liaison_request=request)
    assert (again.decided_at, again.person_id) == (first.decided_at, first.person_id)
    assert (User.objects.count(), Notice.objects.count()) == (users, notices)
    with pytest.raises(ValidationError):
        services.liaison_request_refuse(by=admin_user, liaison_request=request, reason="Muộn")
    # The admin's action over a decided request confirms nothing more.
    admin = sign_in(Client(), admin_user)
    changelist = reverse("admin:organizations_liaisonrequest_changelist")
    admin.post(changelist, {"action": "confirm_selected", "_selected_action": [request.pk]})
    assert User.objects.count() == users
    assert admin.get(admin_change(request)).status_code == 200  # read-only now: shown, not changed
    assert (
        admin.post(admin_change(request), {"decision": "refused", "refusal_reason": "x"}).status_code == 403
    )


def test_a_refusal_gives_the_head_its_reason(client, head_a, admin_user, org_a):
    request = add(head_a, org_a)
    admin = sign_in(Client(), admin_user)
    without = admin.post(admin_change(request), {"decision": "refused", "refusal_reason": " "})
    assert without.status_code == 200
    assert "Hãy ghi lý do từ chối" in without.content.decode()
    reason = "Đồng chí Lan chưa có quyết định phân công của Giám đốc Sở"
    response = admin.post(admin_change(request), {"decision": "refused", "refusal_reason": reason})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.refusal_reason, request.decided_by) == ("refused", reason, admin_user)
    assert not User.objects.filter(email="lan@so-gddt.example").exists()
    notice = Notice.objects.get(recipient=head_a, kind="liaison_decided")
    assert notice.text.startswith("Đã từ chối")
    assert reason in notice.text
    page = sign_in(client, head_a).get(page_of(org_a)).content.decode()
    assert "Đã từ chối" in page
    assert reason in page
    # Refusing again changes nothing; confirming a refused request is refused.
    services.liaison_request_refuse(by=admin_user, liaison_request=request, reason="Lần nữa")
    request.refresh_from_db()
    assert request.refusal_reason == reason
    with pytest.raises(ValidationError):
        services.liaison_request_confirm(by=admin_user, liaison_request=request)


def test_duplicates_and_bad_input_are_refused_with_the_reason_and_lose_nothing(
    client, head_a, liaison_a, org_a
):
    add(head_a, org_a)
    sign_in(client, head_a)
    response = client.post(
        page_of(org_a),
        {
            "request": "add",
            "add-full_name": "Nguyễn Thị Lan",
            "add-email": "LAN@so-gddt.example",
            "add-note": "Gấp",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã có một đề nghị về người này" in html
    response = client.post(
        page_of(org_a),
        {"request": "add", "add-full_name": "Phạm Minh Đức", "add-email": "duc@", "add-phone": "09x"},
    )
    html = response.content.decode()
    assert "Phạm Minh Đức" in html, "what was typed stays in the form"
    assert "hợp lệ" in html
    response = client.post(
        page_of(org_a),
        {
            "request": "add",
            "add-full_name": "Phạm Minh Đức",
            "add-email": "duc@so-gddt.example",
            "add-phone": "09x",
        },
    )
    assert "Số điện thoại chỉ gồm chữ số" in response.content.decode()
    # An e-mail another account uses; a liaison of the unit named again.
    with pytest.raises(ValidationError) as refused:
        add(head_a, org_a, email=liaison_a.email)
    assert "email" in refused.value.message_dict
    UserFactory(username="staff_x", role="staff", email="x@ban.example")
    with pytest.raises(ValidationError):
        add(head_a, org_a, email="x@ban.example")
    # A withdrawal: of a liaison of the unit only, once at a time.
    services.liaison_request_withdraw(by=head_a, organization=org_a, person=liaison_a)
    response = client.post(page_of(org_a), {"request": "withdraw", "withdraw-person": liaison_a.pk})
    assert "Đã có một đề nghị về người này" in response.content.decode()
    with pytest.raises(ValidationError):
        services.liaison_request_withdraw(by=head_a, organization=org_a, person=head_a)
    assert LiaisonRequest.objects.count() == 2


def test_an_account_of_the_unit_without_a_role_is_named_rather_than_made(head_a, admin_user, org_a):
    existing = UserFactory(username="lan_sogd", role=None, organization=org_a, email="lan@so-gddt.example")
    request = add(head_a, org_a, email="Lan@so-gddt.example")
    assert request.person == existing
    users = User.objects.count()
    services.liaison_request_confirm(by=admin_user, liaison_request=request)
    existing.refresh_from_db()
    assert existing.role == "liaison"
    assert User.objects.count() == users
    assert existing.has_usable_password(), "an existing account keeps its password"


def test_the_requests_are_the_heads_and_the_bans_not_the_liaisons(head_a, liaison_a, staff_user, org_a):
    add(head_a, org_a)
    assert LiaisonRequest.objects.visible_to(head_a).count() == 1
    assert LiaisonRequest.objects.visible_to(staff_user).count() == 1
    assert not LiaisonRequest.objects.visible_to(liaison_a).exists()


def test_the_heads_home_leads_to_the_page_and_the_liaisons_does_not(client, head_a, liaison_a, org_a):
    assert page_of(org_a) in sign_in(client, head_a).get("/").content.decode()
    client.logout()
    assert page_of(org_a) not in sign_in(client, liaison_a).get("/").content.decode()


def test_a_new_liaisons_account_has_a_free_user_name(head_a, admin_user, org_a):
    UserFactory(username="lan", role="staff", email="lan@ban.example")
    request = add(head_a, org_a, email="lan@so-gddt.example")
    services.liaison_request_confirm(by=admin_user, liaison_request=request)
    assert User.objects.liaisons_of(org_a).get().username == "lan2"
