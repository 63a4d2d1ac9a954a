"""seed_demo is safe to run again: the second run adds no row anywhere, audit history included."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seeding_twice_adds_nothing_not_even_history(khoa_giao_fields, settings):
    settings.PORTAL_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("seed_demo", stdout=io.StringIO())
    first = row_counts()
    assert first["organizations.User"] >= 5
    assert first["directives.Directive"] > 0
    call_command("seed_demo", stdout=io.StringIO())
    second = row_counts()
    changed = {label: (first[label], second[label]) for label in first if first[label] != second[label]}
    assert not changed, f"a second seed_demo wrote rows: {changed}"
