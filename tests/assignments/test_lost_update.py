"""Acceptance 2 (first half), docs/operations.md G22: two people edit the same task from version 1; the
second save is refused with a Vietnamese message showing what changed, and nothing is overwritten."""

import datetime
import threading

import pytest
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse

from assignments.models import Task
from assignments.services import task_update
from khoagiao.locking import Conflict
from tests.agreements.factories import AgreementFactory
from tests.assignments.factories import TaskFactory
from tests.factories import UserFactory
from tests.threads import in_my_scope


def form_data(response):
    """What the edit form holds when it is loaded, as the browser would send it back."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        elif hasattr(value, "pk"):
            data[name] = str(value.pk)
        elif isinstance(value, datetime.date):
            data[name] = value.strftime("%d/%m/%Y")
        else:
            data[name] = str(value)
    return data


@pytest.mark.django_db
def test_the_second_of_two_editors_is_refused_and_shown_what_changed(org_a, org_b, ban, khoa_giao_fields):
    task = TaskFactory(title="Tuyên truyền Nghị quyết 71", lead=org_a, due_on=datetime.date(2026, 12, 31))
    lan = UserFactory(
        username="lan", role="staff", organization=ban, first_name="Lan", last_name="Nguyễn Thị"
    )
    hung = UserFactory(
        username="hung", role="staff", organization=ban, first_name="Hùng", last_name="Trần Văn"
    )
    url = reverse("assignments:edit", args=[task.pk])
    first, second = Client(), Client()
    first.force_login(lan)
    second.force_login(hung)
    lan_form, hung_form = form_data(first.get(url)), form_data(second.get(url))
    assert lan_form["version"] == hung_form["version"] == "1"

    lan_form.update(due_on="15/12/2026", lead=str(org_b.pk))
    assert first.post(url, lan_form).status_code == 302

    hung_form.update(title="Tuyên truyền Nghị quyết 71-NQ/TW trong trường học")
    response = second.post(url, hung_form)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chưa lưu: người khác đã sửa nhiệm vụ này sau khi bạn mở." in body
    assert "Nguyễn Thị Lan" in body
    assert "Hạn hoàn thành" in body
    assert "31/12/2026" in body
    assert "15/12/2026" in body
    assert "Đơn vị chủ trì" in body
    # Nothing of the second edit was saved; the first one stands.
    task.refresh_from_db()
    assert (task.title, task.due_on, task.lead, task.version) == (
        "Tuyên truyền Nghị quyết 71",
        datetime.date(2026, 12, 15),
        org_b,
        2,
    )
    # The second editor's typing is kept, and the form now carries the version it was shown.
    form = response.context["form"]
    assert form["title"].value() == "Tuyên truyền Nghị quyết 71-NQ/TW trong trường học"
    assert str(form["version"].value()) == "2"
    # Saving again, knowingly, applies the second edit.
    again = form_data(response)
    assert second.post(url, again).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Tuyên truyền Nghị quyết 71-NQ/TW trong trường học", 3)


@pytest.mark.django_db
def test_a_progress_report_in_between_also_makes_an_open_edit_form_stale(login, staff_user, liaison_a, org_a):
    from assignments.services import task_report_progress

    task = TaskFactory(lead=org_a, assigned_on=datetime.date(2026, 1, 5))
    client = login(staff_user)
    url = reverse("assignments:edit", args=[task.pk])
    loaded = form_data(client.get(url))
    task_report_progress(task=task, by=liaison_a, text="Đã làm một nửa", progress=50)
    response = client.post(url, {**loaded, "title": "Tiêu đề khác"})
    assert "Tiến độ (%)" in response.content.decode()
    task.refresh_from_db()
    assert task.title != "Tiêu đề khác"


@pytest.mark.django_db
def test_the_same_holds_for_a_coordination_programme(login, staff_user, org_a):
    agreement = AgreementFactory(partners=[org_a], title="Chương trình phối hợp 2026")
    url = reverse("agreements:edit", args=[agreement.pk])
    client = login(staff_user)
    response = client.get(url)
    data = form_data(response)
    data.update({"items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0"})
    assert client.post(url, {**data, "title": "Chương trình đã sửa lần một"}).status_code == 302
    refused = client.post(url, {**data, "title": "Chương trình sửa từ bản cũ"})
    assert "người khác đã sửa chương trình này" in refused.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Chương trình đã sửa lần một"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_the_same_version_cannot_both_win(org_a, org_b, ban):
    """Row lock + version check (select_for_update): exactly one of two racing saves succeeds."""
    task = TaskFactory(lead=org_a)
    users = [UserFactory(username=f"editor{n}", role="staff", organization=ban) for n in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def save(user, title):
        close_old_connections()
        try:
            barrier.wait(timeout=10)
            task_update(task=task, by=user, version=1, cooperating=[], title=title)
            outcomes.append(("saved", title))
        except Conflict:
            outcomes.append(("refused", title))
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=in_my_scope(save), args=(u, f"Tiêu đề của {u.username}")) for u in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(kind for kind, _ in outcomes) == ["refused", "saved"]
    winner = next(title for kind, title in outcomes if kind == "saved")
    task.refresh_from_db()
    assert (task.title, task.version) == (winner, 2)
    assert Task.history.filter(id=task.pk, version=2).count() == 1
