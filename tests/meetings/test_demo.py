"""The demo meetings: the one of the source texts and the current ones; seeding twice changes nothing."""

import pytest
from django.apps import apps

from assignments.models import Task
from demo import meetings as demo
from demo import organizations as organizations_demo
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def counts():
    return {
        m._meta.label: m._default_manager.count() for m in apps.get_app_config("meetings").get_models()
    } | {"tasks": Task.objects.count()}


def test_the_demo_holds_the_source_meeting_and_one_in_progress(khoa_giao_fields):
    organizations_demo.seed("demo-password-for-tests")
    demo.seed()
    first = counts()
    demo.seed()
    assert counts() == first

    khanh_hoa = Meeting.objects.get(organizer__code="btgtu-khanh-hoa", period="2022-Q1")
    assert khanh_hoa.local_start.strftime("%d/%m/%Y") == "01/04/2022"
    assert khanh_hoa.chair_name == "Lê Hữu Thọ"
    assert khanh_hoa.is_locked
    assert {"so-ldtbxh", "so-tttt", "so-yte"} <= set(khanh_hoa.invited.values_list("code", flat=True))
    assert "so-noivu" not in set(khanh_hoa.invited.values_list("code", flat=True))  # not a member in 2022
    assert Task.objects.filter(meeting=khanh_hoa).count() == 7
    assert Task.objects.filter(meeting=khanh_hoa, title__contains="09-NQ/TW").exists()

    in_progress = Meeting.objects.with_report_counts().get(
        organizer__code="btgdvtu-khanh-hoa", status=Meeting.Status.PLANNED
    )
    assert 0 < in_progress.submitted_count < in_progress.invited_count
    assert in_progress.reports.filter(submitted_at__isnull=True).exists()  # a draft not yet sent
