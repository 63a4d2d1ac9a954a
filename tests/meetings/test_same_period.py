"""A second giao ban of the same Ban for the same period is not recorded without a word: the
meeting form (new or edited) names the one already recorded, with its date and a link, and asks
to confirm; confirmed, it is recorded (a postponed meeting held again is a real second meeting)."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import OrganizationFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

WARNING = "Ban Tuyên giáo và Dân vận Tỉnh ủy đã có hội nghị giao ban 6 tháng đầu năm 2026:"
CONFIRM = "Vẫn ghi nhận hội nghị giao ban thứ hai cho kỳ này"


def new_meeting(ban, org_a, **extra):
    return {
        "kind": "giao_ban",
        "period": "2026-H1",
        "title": "",
        "day": "09/07/2026",
        "time": "14:00",
        "place": "Phòng họp số 2",
        "organizer": ban.pk,
        "invited": [org_a.pk],
        **extra,
    }


@pytest.fixture
def first(ban, org_a):
    return MeetingFactory(
        organizer=ban,
        period="2026-H1",
        title="Hội nghị giao ban công tác khoa giáo 6 tháng đầu năm 2026",
        starts_at=datetime.datetime(2026, 6, 25, 1, 0, tzinfo=datetime.UTC),
        invited=[org_a],
    )


def test_a_second_giao_ban_for_the_period_names_the_first_and_waits_for_a_confirmation(
    login, staff_user, ban, org_a, first
):
    client = login(staff_user)
    response = client.post(reverse("meetings:create"), new_meeting(ban, org_a))
    page = response.content.decode()
    assert response.status_code == 200
    assert WARNING in page
    assert f'<a href="{first.get_absolute_url()}">{first.title}</a>' in page
    assert "25/06/2026" in page
    assert CONFIRM in page
    assert "Phòng họp số 2" in page  # what was typed is kept
    assert Meeting.objects.count() == 1

    response = client.post(reverse("meetings:create"), new_meeting(ban, org_a, second_for_period="on"))
    second = Meeting.objects.exclude(pk=first.pk).get()
    assert response.url == second.get_absolute_url()
    assert second.period == first.period

    # Editing the second one later, its period unchanged, asks nothing again but still says so.
    edit = reverse("meetings:edit", kwargs={"pk": second.pk})
    page = client.get(edit).content.decode()
    assert f'<a href="{first.get_absolute_url()}">{first.title}</a>' in page
    assert CONFIRM not in page
    data = new_meeting(ban, org_a, place="Hội trường Tỉnh ủy", version=second.version)
    assert client.post(edit, data).status_code == 302
    assert Meeting.objects.get(pk=second.pk).place == "Hội trường Tỉnh ủy"


def test_moving_a_meeting_into_a_period_that_has_its_giao_ban_asks_too(login, staff_user, ban, org_a, first):
    other = MeetingFactory(organizer=ban, period="2026-Q1", invited=[org_a])
    client = login(staff_user)
    edit = reverse("meetings:edit", kwargs={"pk": other.pk})
    data = new_meeting(ban, org_a, version=other.version)
    response = client.post(edit, data)
    assert response.status_code == 200
    assert WARNING in response.content.decode()
    assert str(Meeting.objects.get(pk=other.pk).period) == "2026-Q1"
    assert client.post(edit, data | {"second_for_period": "on"}).status_code == 302
    assert str(Meeting.objects.get(pk=other.pk).period) == "2026-H1"


@pytest.mark.parametrize(
    "change",
    [
        {"period": "2026-9M"},
        {"kind": "chuyen_de", "period": ""},
        "another organiser",
    ],
)
def test_another_period_kind_or_organiser_is_recorded_without_a_question(
    login, staff_user, ban, org_a, first, change
):
    if change == "another organiser":
        other_ban = OrganizationFactory(
            code="btgtu-khac", name="Ban Tuyên giáo Tỉnh ủy khác", kind="party_board"
        )
        change = {"organizer": other_ban.pk}
    response = login(staff_user).post(reverse("meetings:create"), new_meeting(ban, org_a, **change))
    assert response.status_code == 302
    assert Meeting.objects.count() == 2
