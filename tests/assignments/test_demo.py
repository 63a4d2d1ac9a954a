"""The demo data: the Khánh Hòa 2022–2025 programme and tasks in every bucket; seeding twice changes
nothing."""

import pytest
from django.apps import apps

from assignments.models import Bucket, Task
from demo import agreements as agreements_demo
from demo import assignments as assignments_demo
from demo import organizations as organizations_demo

pytestmark = pytest.mark.django_db


def snapshot():
    # organizations.demo re-saves its units on every run (update_or_create), which writes their
    # history rows; that is the organizations app's business, not this demo's.
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.label != "organizations.HistoricalOrganization"
    }


def seed_all():
    organizations_demo.seed("mat-khau-demo-thu-nghiem")
    agreements_demo.seed()
    assignments_demo.seed()


def test_the_demo_programme_has_the_seven_departments_and_reviews(khoa_giao_fields):
    seed_all()
    agreement = agreements_demo.seed()
    partners = set(agreement.partners.values_list("code", flat=True))
    assert partners == {"bcsd-ubnd-khanh-hoa", *agreements_demo.SO}
    assert agreement.basis.number == "238-QĐ/TW"
    assert agreement.items.count() == len(agreements_demo.ITEMS)
    assert [str(r.period) for r in agreement.reviews.all()] == ["2022-Y", "2023-Y", "2024-Y"]


def test_demo_tasks_fill_every_bucket_for_current_units(khoa_giao_fields):
    seed_all()
    counts = Task.objects.all().bucket_counts()
    assert all(counts[bucket.value] > 0 for bucket in Bucket), counts
    demo = Task.objects.filter(title__in=[spec[0] for spec in assignments_demo.TASKS])
    assert all(task.lead.is_active_on() for task in demo)
    assert demo.filter(cooperating__isnull=False).exists()
    assert demo.filter(updates__isnull=False).distinct().count() >= 8
    # A cooperating unit's own report is on the timeline too.
    assert demo.filter(updates__organization__code="so-gddt", lead__code="so-khcn").exists()


def test_seeding_twice_changes_nothing(khoa_giao_fields):
    seed_all()
    before = snapshot()
    seed_all()
    assert snapshot() == before
