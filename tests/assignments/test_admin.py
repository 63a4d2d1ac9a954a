"""The admin shows tasks and programmes with their history, read-only: changes go through the
portal's services (version check, timeline), never around them."""

import pytest
from django.urls import reverse

from tests.agreements.factories import AgreementFactory
from tests.assignments.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_the_admin_reads_tasks_and_their_history_but_cannot_change_them(login, admin_user, org_a):
    task = TaskFactory(lead=org_a, title="Nhiệm vụ xem trong trang quản trị")
    client = login(admin_user)
    assert (
        "Nhiệm vụ xem trong trang quản trị"
        in client.get(reverse("admin:assignments_task_changelist")).content.decode()
    )
    change = client.get(reverse("admin:assignments_task_change", args=[task.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert client.get(reverse("admin:assignments_task_history", args=[task.pk])).status_code == 200
    assert (
        client.post(reverse("admin:assignments_task_change", args=[task.pk]), {"title": "x"}).status_code
        == 403
    )
    assert client.get(reverse("admin:assignments_task_add")).status_code == 403


def test_the_admin_reads_programmes(login, admin_user, org_a):
    agreement = AgreementFactory(partners=[org_a])
    client = login(admin_user)
    assert (
        client.get(reverse("admin:agreements_coordinationagreement_change", args=[agreement.pk])).status_code
        == 200
    )


def test_staff_do_not_reach_the_admin(login, staff_user):
    assert login(staff_user).get(reverse("admin:assignments_task_changelist")).status_code == 403
