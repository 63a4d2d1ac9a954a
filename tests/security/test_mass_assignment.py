"""Acceptance 2 (second half), docs/operations.md G3: a liaison POSTs fields its form does not have —
unit, deadline, title, status dates it may not set. They are ignored, the attempt is logged, and
nothing changes but what the form allows."""

import datetime
import logging

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from assignments.models import Task, TaskUpdate
from tests.assignments.factories import TaskFactory
from tests.security.test_url_matrix import db_snapshot

pytestmark = pytest.mark.django_db

ASSIGNED = datetime.date(2026, 1, 5)


def task_state(task):
    task = Task.objects.get(pk=task.pk)
    state = model_to_dict(task)
    state["cooperating"] = sorted(o.pk for o in state["cooperating"])
    return state


def hostile_fields(world_org, other_org, directive):
    return {
        "lead": other_org.pk,
        "lead_id": other_org.pk,
        "organization": other_org.pk,
        "cooperating": [other_org.pk],
        "due_on": "31/12/2030",
        "assigned_on": "01/01/2020",
        "title": "Đổi tên nhiệm vụ",
        "description": "Ghi đè mô tả",
        "completed_on": "01/01/2026",
        "cancelled_on": "01/01/2026",
        "directive": directive.pk,
        "field": "1",
        "version": "99",
        "posted_by": "1",
        "reported_on": "01/02/2026",
        "kind": "cancelled",
        "created_by": "1",
    }


def test_the_lead_liaison_changes_only_progress(client, liaison_b, org_a, org_b, caplog):
    task = TaskFactory(lead=org_b, cooperating=[], assigned_on=ASSIGNED)
    other_directive = TaskFactory(lead=org_a).directive
    before = task_state(task)
    client.force_login(liaison_b)
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        response = client.post(
            reverse("assignments:update", args=[task.pk]),
            {"text": "Đã triển khai", "progress": "40", **hostile_fields(org_b, org_a, other_directive)},
        )
    assert response.status_code == 302
    after = task_state(task)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"progress"}
    assert after["progress"] == 40
    assert Task.objects.get(pk=task.pk).version == 2
    update = TaskUpdate.objects.get(task=task)
    assert (update.organization, update.posted_by, update.kind) == (org_b, liaison_b, "progress")
    assert update.reported_on == timezone.localdate()  # not the date it sent
    assert "ignored fields" in caplog.text
    assert "lead" in caplog.text
    assert "due_on" in caplog.text


def test_a_cooperating_liaison_cannot_set_progress_or_completion_even_by_posting_them(
    client, liaison_a, org_a, org_b
):
    task = TaskFactory(lead=org_b, cooperating=[org_a], assigned_on=ASSIGNED)
    before = task_state(task)
    client.force_login(liaison_a)
    response = client.post(
        reverse("assignments:update", args=[task.pk]),
        {
            "text": "Phần việc của Sở",
            "progress": "100",
            "marks_done": "on",
            **hostile_fields(org_a, org_a, task.directive),
        },
    )
    assert response.status_code == 302
    assert task_state(task) == before
    update = TaskUpdate.objects.get(task=task)
    assert (update.progress, update.marks_done, update.organization) == (None, False, org_a)


@pytest.mark.parametrize(
    "name", ["assignments:edit", "assignments:cancel", "assignments:reopen", "assignments:attach"]
)
def test_the_staff_only_actions_refuse_the_lead_liaison_and_change_nothing(
    client, liaison_b, org_a, org_b, name
):
    task = TaskFactory(lead=org_b, assigned_on=ASSIGNED, completed_on=datetime.date(2026, 2, 1))
    client.force_login(liaison_b)
    before, rows = task_state(task), db_snapshot()
    response = client.post(reverse(name, args=[task.pk]), {"title": "x", "lead": org_a.pk, "version": 1})
    assert response.status_code == 403
    assert task_state(task) == before
    changed = {k for k, v in db_snapshot().items() if rows[k] != v} - {"sessions.Session"}
    assert not changed


def test_a_programme_edit_cannot_move_another_programmes_item(login, staff_user, org_a, org_b):
    """Staff editing programme X cannot re-parent an item of programme Y by posting its id."""
    from tests.agreements.factories import AgreementFactory, AgreementItemFactory
    from tests.agreements.test_views import edit_data

    mine = AgreementFactory(partners=[org_a])
    AgreementItemFactory(agreement=mine, lead=org_a)
    foreign = AgreementItemFactory(agreement=AgreementFactory(partners=[org_b]), lead=org_b)
    client = login(staff_user)
    data = edit_data(client, mine)
    data["items-0-id"] = str(foreign.pk)
    client.post(reverse("agreements:edit", args=[mine.pk]), data)
    foreign.refresh_from_db()
    assert foreign.agreement_id != mine.pk
