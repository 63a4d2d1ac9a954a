"""The pages kept whole or in pieces until a write (issue 16): the task list, the task page and
the meeting page. What a viewer notices: a change shows at once, each audience gets its own, and
the forms around a kept piece still carry the viewer's own CSRF token."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import Task
from tests.assignments.factories import TaskFactory
from tests.factories import UserFactory
from tests.meetings.factories import PDF_BYTES, MeetingFactory
from tests.sign_in import sign_in

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _client(user):
    """A browser of its own, which checks CSRF tokens as production does."""
    return sign_in(Client(enforce_csrf_checks=True), user)


def _another_staff_member(ban):
    return UserFactory(username="staff2", role="staff", organization=ban)


def _token(html, action):
    """The CSRF token of the form posting to `action` in the page."""
    form = re.search(rf'<form [^>]*action="{re.escape(action)}".*?</form>', html, re.S)
    assert form, f"no form to {action}"
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form[0])[1]


def test_the_task_list_follows_a_write_at_once_and_each_audience_gets_its_own(
    login, staff_user, liaison_a, org_a, org_b
):
    TaskFactory(lead=org_a, title="Việc của đơn vị A")
    task_b = TaskFactory(lead=org_b, title="Việc của đơn vị B")

    def listed(user, path="/nhiem-vu/"):
        return login(user).get(path).content.decode()

    for _ in range(2):  # the second time from the cache
        assert "Việc của đơn vị B" in listed(staff_user)
        assert "Việc của đơn vị A" in listed(liaison_a)
        assert "Việc của đơn vị B" not in listed(liaison_a)
    Task.objects.filter(pk=task_b.pk).update(title="Việc của đơn vị B, đã sửa")
    assert "Việc của đơn vị B, đã sửa" in listed(staff_user)
    # Another query, another list.
    assert "Việc của đơn vị A" not in listed(staff_user, f"/nhiem-vu/?unit={org_b.pk}")


def test_a_kept_task_page_follows_a_write_and_keeps_each_viewers_form_token(
    staff_user, ban, liaison_a, org_a
):
    task = TaskFactory(lead=org_a, title="Tổ chức hội thảo chuyển đổi số")
    url = reverse("assignments:detail", args=[task.pk])
    attach = reverse("assignments:attach", args=[task.pk])
    cancel = reverse("assignments:cancel", args=[task.pk])
    first, second = _client(staff_user), _client(_another_staff_member(ban))

    assert attach in first.get(url).content.decode()  # builds the kept pieces
    # The liaison's pieces are its own: no staff button in them.
    assert attach not in _client(liaison_a).get(url).content.decode()
    page = second.get(url).content.decode()  # the staff's pieces, from the cache
    assert attach in page
    reason = "Trùng nhiệm vụ khác"
    response = second.post(cancel, {"reason": reason, "csrfmiddlewaretoken": _token(page, cancel)})
    assert response.status_code == 302
    after = first.get(url).content.decode()
    assert "Mở lại nhiệm vụ…" in after  # closed: the reopen form
    assert "Ngày hủy" in after  # and the kept task card says when


def test_a_kept_meeting_page_follows_a_write_and_keeps_each_viewers_form_token(
    staff_user, ban, liaison_a, org_a, private_files
):
    meeting = MeetingFactory(invited=[org_a])
    url = reverse("meetings:detail", args=[meeting.pk])
    add = reverse("meetings:attachment_add", kwargs={"pk": meeting.pk})
    first, second = _client(staff_user), _client(_another_staff_member(ban))

    assert 'id="units"' in first.get(url).content.decode()  # builds the kept pieces
    assert 'id="units"' not in _client(liaison_a).get(url).content.decode()  # the staff's table
    page = second.get(url).content.decode()
    upload = SimpleUploadedFile("Biên bản hội nghị.pdf", PDF_BYTES, content_type="application/pdf")
    response = second.post(
        add, {"file": upload, "description": "Biên bản", "csrfmiddlewaretoken": _token(page, add)}
    )
    assert response.status_code == 302
    assert "Biên bản hội nghị.pdf" in first.get(url).content.decode()
    meeting.invited.clear()
    assert "Đơn vị được mời" in (html := first.get(url).content.decode())
    assert org_a.display_name not in html.split("Đơn vị được mời", 1)[1].split("</section>", 1)[0]


def test_a_page_reads_the_data_version_once_however_many_pieces_it_keeps(staff_user, org_a):
    task = TaskFactory(lead=org_a)
    client = _client(staff_user)
    client.get(reverse("assignments:detail", args=[task.pk]))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("assignments:detail", args=[task.pk])).status_code == 200
    versions = [q for q in queries.captured_queries if "caching_dataversion" in q["sql"]]
    assert len(versions) == 1  # three kept pieces, one version: all of the same data
