"""The admin cannot save a record in a way the services would refuse.

Generated from the admin's registry: every model whose admin lets the admin role add or change
records has a case below (a save the app's service refuses), or the first test fails. Each case
posts the admin's own form and finds the reason on the page and the database unchanged.
"""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey
from organizations.models import (
    Field,
    KhoiMembership,
    LiaisonRequest,
    Organization,
    OrganizationChange,
    Province,
    User,
)
from reports.models import ProvinceTime
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

# Third-party admins the portal keeps as their packages ship them, each with why it is safe.
THIRD_PARTY = {
    # django-celery-beat: the schedules' own objects; tests/reports covers the portal's schedules.
    "django_celery_beat.periodictask",
    "django_celery_beat.crontabschedule",
    "django_celery_beat.intervalschedule",
    "django_celery_beat.solarschedule",
    "django_celery_beat.clockedschedule",
}


def _organization_page(admin_client):
    org = OrganizationFactory(code="so-x", name="Sở X")
    return org, reverse("admin:organizations_organization_change", args=[org.pk])


def _org_form(org, **overrides):
    data = {
        "code": org.code,
        "name": org.name,
        "short_name": org.short_name,
        "symbol": org.symbol,
        "kind": org.kind,
        "level": org.level,
        "parent": org.parent_id or "",
        "valid_from": "",
        "valid_to": "",
        "heading": "",
        "place_name": "",
        "email": "",
        "khoi_memberships-TOTAL_FORMS": "0",
        "khoi_memberships-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def refused_unit_under_itself(client):
    parent = OrganizationFactory(code="cha", name="Đơn vị cha")
    org, url = _organization_page(client)
    parent.parent = org
    parent.save()
    return url, _org_form(org, parent=parent.pk), "không thể trực thuộc chính nó"


def refused_unit_ending_before_it_starts(client):
    org, url = _organization_page(client)
    return (
        url,
        _org_form(org, valid_from="01/03/2025", valid_to="01/01/2025"),
        "không thể kết thúc trước khi bắt đầu",
    )


def refused_membership_ending_before_it_starts(client):
    org, url = _organization_page(client)
    data = _org_form(
        org,
        **{
            "khoi_memberships-TOTAL_FORMS": "1",
            "khoi_memberships-0-valid_from": "01/03/2025",
            "khoi_memberships-0-valid_to": "01/01/2025",
        },
    )
    return url, data, "Tư cách thành viên không thể kết thúc trước khi bắt đầu"


def refused_change_to_itself(client):
    org = OrganizationFactory(code="so-y", name="Sở Y")
    url = reverse("admin:organizations_organizationchange_add")
    data = {
        "kind": "rename",
        "effective_on": "01/03/2025",
        "legal_basis": "",
        "note": "",
        "predecessors": [org.pk],
        "successors": [org.pk],
    }
    return url, data, "vừa là đơn vị trước vừa là đơn vị sau"


def refused_field_ending_before_it_starts(client):
    field = Field.objects.create(code="thu", name="Thử", order=99, since_year=2025)
    url = reverse("admin:organizations_field_change", args=[field.pk])
    data = {"code": "thu", "name": "Thử", "order": 99, "since_year": 2025, "until_year": 2020}
    return url, data, "không thể ngừng dùng trước khi bắt đầu"


def refused_liaison_without_a_unit(client):
    from django.contrib.auth.models import Group

    user = UserFactory(username="moi", role="staff")
    url = reverse("admin:organizations_user_change", args=[user.pk])
    data = {
        "username": "moi",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "groups": [Group.objects.get(name="liaison").pk],
        "organization": "",
        "position": "",
        "phone": "",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "08:00:00",
        "initial-date_joined_0": "01/01/2026",
        "initial-date_joined_1": "08:00:00",
    }
    return url, data, "Cán bộ đầu mối phải thuộc một đơn vị"


def refused_two_roles(client):
    from django.contrib.auth.models import Group

    url, data, _expected = refused_liaison_without_a_unit(client)
    data["groups"] = [Group.objects.get(name="staff").pk, Group.objects.get(name="leader").pk]
    return url, data, "Mỗi người dùng chỉ có một vai trò"


def refused_fields_in_charge_for_staff(client):
    from django.contrib.auth.models import Group

    from organizations.models import Field

    url, data, _expected = refused_liaison_without_a_unit(client)
    field = Field.objects.get_or_create(code="y_te", defaults={"name": "Y tế"})[0]
    data.update(groups=[Group.objects.get(name="staff").pk], fields_in_charge=[field.pk])
    return url, data, "Chỉ lãnh đạo Ban mới phụ trách lĩnh vực"


def refused_key_already_expired(client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    url = reverse("admin:api_apikey_add")
    data = {"name": "Hệ thống KPI của tỉnh", "organization": "", "expires_on": yesterday.strftime("%d/%m/%Y")}
    return url, data, "phải còn hiệu lực đến hết hôm nay"


def refused_province_merged_into_itself(client):
    from organizations.provinces import current_province

    province = current_province()
    url = reverse("admin:organizations_province_change", args=[province.pk])
    data = {
        "name": province.name,
        "code": province.code,
        "kind": province.kind,
        "signing_authority": province.signing_authority,
        "signer_position": province.signer_position,
        "signer_name": province.signer_name,
        "recipients": province.recipients,
        "recipient_addresses": province.recipient_addresses,
        "reminder_days": province.reminder_days,
        "notices_before_days": province.notices_before_days,
        "notices_head_after_days": province.notices_head_after_days,
        "notices_ban_after_days": province.notices_ban_after_days,
        "notices_stale_days": province.notices_stale_days,
        "successor": province.pk,
        "merged_on": "01/07/2025",
        "merger_basis": "Nghị quyết 202/2025/QH15",
    }
    return url, data, "Một tỉnh không thể hợp nhất vào chính nó"


def _pending_request():
    unit = OrganizationFactory(code="so-dm", name="Sở Đầu Mối")
    head = UserFactory(username="head_dm", role="unit_head", organization=unit)
    return LiaisonRequest.objects.create(
        organization=unit, kind="add", full_name="Nguyễn Văn An", email="an@so-dm.example", requested_by=head
    )


def refused_liaison_refusal_without_a_reason(client):
    request = _pending_request()
    url = reverse("admin:organizations_liaisonrequest_change", args=[request.pk])
    return url, {"decision": "refused", "refusal_reason": "  "}, "Hãy ghi lý do từ chối"


def refused_liaison_whose_email_is_taken(client):
    request = _pending_request()
    UserFactory(username="da_co", role="staff", email="an@so-dm.example")
    url = reverse("admin:organizations_liaisonrequest_change", args=[request.pk])
    return url, {"decision": "confirmed", "refusal_reason": ""}, "thuộc một tài khoản khác"


def refused_province_time_at_hour_25(client):
    from django_celery_beat.models import PeriodicTask

    reminders = PeriodicTask.objects.get(task="reports.daily_reminders")
    data = {"schedule": reminders.pk, "minute": "0", "hour": "25"}
    data.update(day_of_month="*", month_of_year="*", day_of_week="*")
    return reverse("admin:reports_provincetime_add"), data, "Không đọc được “25”"


# model label -> cases: each returns (url, the posted form, the reason the page must show)
CASES = {
    "organizations.organization": [
        refused_unit_under_itself,
        refused_unit_ending_before_it_starts,
        refused_membership_ending_before_it_starts,
    ],
    "organizations.organizationchange": [refused_change_to_itself],
    "organizations.field": [refused_field_ending_before_it_starts],
    "organizations.user": [
        refused_liaison_without_a_unit,
        refused_two_roles,
        refused_fields_in_charge_for_staff,
    ],
    "api.apikey": [refused_key_already_expired],
    "organizations.province": [refused_province_merged_into_itself],
    "reports.provincetime": [refused_province_time_at_hour_25],
    "organizations.liaisonrequest": [
        refused_liaison_refusal_without_a_reason,
        refused_liaison_whose_email_is_taken,
    ],
}


def _editable(admin_user):
    """Models whose admin adds records, or whose change form has a field one can edit."""
    request = RequestFactory().get("/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.first()
        changeable = (
            model_admin.has_change_permission(request, obj) and model_admin.get_form(request, obj)().fields
        )
        if model_admin.has_add_permission(request) or changeable:
            yield model._meta.label_lower


def test_every_editable_admin_has_its_refused_saves(admin_user):
    editable = set(_editable(admin_user)) - THIRD_PARTY
    missing = sorted(editable - set(CASES))
    assert not missing, f"editable in the admin with no case in {__file__}: {missing}"


def _snapshot():
    models = (
        Province,
        Organization,
        OrganizationChange,
        Field,
        KhoiMembership,
        User,
        ApiKey,
        LiaisonRequest,
        ProvinceTime,
    )
    return {
        model._meta.label: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items())) for row in model.objects.values()
        )
        for model in models
    }


@pytest.mark.parametrize(
    "case", [case for cases in CASES.values() for case in cases], ids=lambda case: case.__name__
)
def test_the_admin_refuses_what_the_service_refuses(login, admin_user, case):
    client = login(admin_user)
    url, data, reason = case(client)
    before = _snapshot()
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    assert reason in response.content.decode()
    assert _snapshot() == before


def test_the_services_refuse_it_on_their_own(admin_user, staff_user):
    """The same checks hold without the admin in front, and only the admin role may manage units."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from organizations import services

    org = OrganizationFactory(code="so-z", name="Sở Z")
    org.valid_from, org.valid_to = datetime.date(2025, 3, 1), datetime.date(2025, 1, 1)
    with pytest.raises(ValidationError):
        services.organization_save(by=admin_user, organization=org)
    org.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.organization_save(by=staff_user, organization=org)
