"""Issue 14: "M days overdue the Ban's staff member who assigned the task and the leader in charge
of the field". A leader is in charge of fields (User.fields_in_charge, set in the admin); the
ladder's last step tells the leaders in charge of the task's field (its own, else its directive's),
and every leader when none is, so nothing falls through. Walked over simulated mornings like
test_ladder.py."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notices.ladder import ladder_run
from notices.models import Escalation, Notice
from notices.timeline import reminder_entries
from tests.directives.factories import DirectiveFactory
from tests.factories import UserFactory
from tests.notices.test_ladder import walk

pytestmark = pytest.mark.django_db
D = datetime.date
BAN_DAY = D(2026, 7, 20)  # due 10/07, NOTICES_BAN_AFTER_DAYS = 10


@pytest.fixture
def leaders(ban, khoa_giao_fields):
    """Three leaders of the Ban: in charge of y tế, of giáo dục và đào tạo, of no field."""

    def leader(username, first, last, *codes):
        user = UserFactory(
            username=username, role="leader", organization=ban, first_name=first, last_name=last
        )
        user.fields_in_charge.set([khoa_giao_fields[code] for code in codes])
        return user

    return {
        "y_te": leader("ld_yte", "Lan", "Nguyễn Thị", "y_te", "dan_so"),
        "giao_duc": leader("ld_gd", "Minh", "Phạm Văn", "giao_duc_dao_tao"),
        "none": leader("ld_chung", "Hà", "Lê Thu"),
    }


def ban_step(notices):
    return sorted(name for name, kind in notices.get(BAN_DAY, []) if kind == "overdue_ban")


def test_the_leader_in_charge_of_the_tasks_field_is_told_and_no_other(
    ladder_settings, at, make_task, org_a, staff_user, leaders, khoa_giao_fields
):
    task = make_task(org_a, D(2026, 7, 10), field=khoa_giao_fields["y_te"], directive=DirectiveFactory())
    notices, _mails = walk(at, D(2026, 7, 1), D(2026, 7, 31))
    # The staff member who assigned it and the leader in charge of y tế; the leader of giáo dục
    # and the leader of no field are not told.
    assert ban_step(notices) == ["ld_yte", "staff1"]
    assert not Notice.objects.filter(recipient__in=[leaders["giao_duc"], leaders["none"]]).exists()
    step = Escalation.objects.get(task=task, step=Escalation.Step.BAN)
    ban = "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert step.told == f"Người dùng Thử ({ban}); Nguyễn Thị Lan ({ban})"
    # The task's history names them: "đã nhắc: … ngày 20/07/2026 (quá hạn: Ban, hạn 10/07/2026)".
    (line,) = [entry for entry in reminder_entries(task) if "Nguyễn Thị Lan" in entry.subject]
    assert line.subject.startswith(f"Người dùng Thử ({ban}); Nguyễn Thị Lan ({ban}) ")
    assert "20/07/2026" in line.subject


def test_a_task_without_a_field_of_its_own_takes_its_directives(
    ladder_settings, at, make_task, org_a, staff_user, leaders, khoa_giao_fields
):
    directive = DirectiveFactory(fields=[khoa_giao_fields["giao_duc_dao_tao"], khoa_giao_fields["tre_em"]])
    make_task(org_a, D(2026, 7, 10), field=None, directive=directive)
    notices, _mails = walk(at, D(2026, 7, 1), D(2026, 7, 31))
    assert ban_step(notices) == ["ld_gd", "staff1"]


def test_the_tasks_own_field_wins_over_its_directives(
    ladder_settings, at, make_task, org_a, staff_user, leaders, khoa_giao_fields
):
    directive = DirectiveFactory(fields=[khoa_giao_fields["giao_duc_dao_tao"]])
    make_task(org_a, D(2026, 7, 10), field=khoa_giao_fields["dan_so"], directive=directive)
    notices, _mails = walk(at, D(2026, 7, 1), D(2026, 7, 31))
    assert ban_step(notices) == ["ld_yte", "staff1"]  # dân số is Lan's too


@pytest.mark.parametrize("case", ["a field nobody is in charge of", "no field at all"])
def test_when_no_leader_is_in_charge_every_leader_is_told(
    ladder_settings, at, make_task, org_a, staff_user, leaders, khoa_giao_fields, case
):
    if case == "no field at all":
        task = make_task(org_a, D(2026, 7, 10), field=None, directive=DirectiveFactory(fields=[]))
    else:
        task = make_task(
            org_a, D(2026, 7, 10), field=khoa_giao_fields["the_duc_the_thao"], directive=DirectiveFactory()
        )
    notices, _mails = walk(at, D(2026, 7, 1), D(2026, 7, 31))
    assert ban_step(notices) == ["ld_chung", "ld_gd", "ld_yte", "staff1"]
    told = Escalation.objects.get(task=task, step=Escalation.Step.BAN).told
    for name in ("Nguyễn Thị Lan", "Phạm Văn Minh", "Lê Thu Hà", "Người dùng Thử"):
        assert name in told


def test_an_inactive_leader_in_charge_is_not_the_one_told(
    ladder_settings, at, make_task, org_a, staff_user, leaders, khoa_giao_fields
):
    """A leader in charge who left (deactivated) does not swallow the escalation: the others are told."""
    leaders["y_te"].is_active = False
    leaders["y_te"].save()
    make_task(org_a, D(2026, 7, 10), field=khoa_giao_fields["y_te"], directive=DirectiveFactory())
    notices, _mails = walk(at, D(2026, 7, 1), D(2026, 7, 31))
    assert ban_step(notices) == ["ld_chung", "ld_gd", "staff1"]


def test_the_leaders_and_their_fields_are_asked_once_per_run(
    ladder_settings, at, make_task, org_a, staff_user, leaders, khoa_giao_fields
):
    codes = ["y_te", "giao_duc_dao_tao", "dan_so", "tre_em", "gia_dinh"]
    for i in range(20):
        field = khoa_giao_fields[codes[i % len(codes)]]
        if i % 2:
            make_task(org_a, D(2026, 7, 10), field=field, directive=DirectiveFactory())
        else:
            make_task(org_a, D(2026, 7, 10), field=None, directive=DirectiveFactory(fields=[field]))
    at(BAN_DAY)
    with CaptureQueriesContext(connection) as captured:
        assert ladder_run() == 40  # each task: the head's step and the Ban's
    sql = [query["sql"] for query in captured.captured_queries]
    # The leaders with their fields: one query for the run; the directives' fields: one per chunk.
    assert sum('"organizations_user_fields_in_charge"' in q for q in sql) == 1
    assert sum('"directives_directive_fields"' in q for q in sql) == 1
    # Lan: y tế, dân số (4 + 4); Minh: giáo dục (4); trẻ em and gia đình (8) are nobody's: all three.
    assert Notice.objects.filter(recipient=leaders["y_te"]).count() == 16
    assert Notice.objects.filter(recipient=leaders["giao_duc"]).count() == 12
    assert Notice.objects.filter(recipient=leaders["none"]).count() == 8


# --- the admin ----------------------------------------------------------------------------------


def _user_form(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "organization": user.organization_id or "",
        "position": "",
        "phone": "",
        "fields_in_charge": [],
        "date_joined_0": "01/01/2026",
        "date_joined_1": "08:00:00",
        "initial-date_joined_0": "01/01/2026",
        "initial-date_joined_1": "08:00:00",
    }
    data.update(overrides)
    return data


def test_the_admin_gives_fields_to_a_leader_and_refuses_them_to_anyone_else(
    login, admin_user, staff_user, leader_user, khoa_giao_fields
):
    client = login(admin_user)
    y_te = khoa_giao_fields["y_te"]
    page = client.get(reverse("admin:organizations_user_change", args=[leader_user.pk])).content.decode()
    assert "Lĩnh vực phụ trách" in page
    response = client.post(
        reverse("admin:organizations_user_change", args=[leader_user.pk]),
        _user_form(leader_user, fields_in_charge=[y_te.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(leader_user.fields_in_charge.all()) == [y_te]

    response = client.post(
        reverse("admin:organizations_user_change", args=[staff_user.pk]),
        _user_form(staff_user, fields_in_charge=[y_te.pk]),
    )
    assert response.status_code == 200
    assert "Chỉ lãnh đạo Ban mới phụ trách lĩnh vực" in response.content.decode()
    assert not staff_user.fields_in_charge.exists()

    # A leader in charge of a field made staff keeps no field: the change is refused until cleared.
    response = client.post(
        reverse("admin:organizations_user_change", args=[leader_user.pk]),
        _user_form(leader_user, groups=[Group.objects.get(name="staff").pk], fields_in_charge=[y_te.pk]),
    )
    assert response.status_code == 200
    assert leader_user.groups.get().name == "leader"


def test_the_service_refuses_it_without_the_admin(admin_user, staff_user, khoa_giao_fields):
    from django.core.exceptions import ValidationError

    from organizations import services

    with pytest.raises(ValidationError) as refused:
        services.user_save(by=admin_user, user=staff_user, fields_in_charge=[khoa_giao_fields["y_te"]])
    assert "fields_in_charge" in refused.value.message_dict
    assert not staff_user.fields_in_charge.exists()
