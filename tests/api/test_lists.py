"""What the lists and records say: cursor pages, updated_since, the pages' filters, dates with the
time zone, classified directives, meetings' reporting, units' history, reports and their PDF."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.models import Task
from organizations.models import OrganizationChange
from tests.agreements.factories import AgreementFactory, AgreementItemFactory
from tests.api.factories import bearer
from tests.assignments.factories import TaskAttachmentFactory, TaskFactory, TaskUpdateFactory
from tests.directives.factories import DirectiveFactory, ReviewMilestoneFactory
from tests.factories import OrganizationFactory
from tests.meetings.factories import ConclusionFactory, MeetingFactory, MeetingReportFactory
from tests.reports.factories import ReportFactory, ready_report

pytestmark = pytest.mark.django_db
ISO_WITH_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+07:00$")


def populate(world):
    """Records of unit A, of unit B, and shared between them (used by test_access too)."""
    a, b = world.org_a, world.org_b
    today = timezone.localdate()
    own = TaskFactory(title="Nhiệm vụ của A", lead=a, due_on=today + datetime.timedelta(days=3))
    TaskFactory(title="Nhiệm vụ của B", lead=b)
    shared = TaskFactory(title="B chủ trì, A phối hợp", lead=b, cooperating=[a])
    TaskUpdateFactory(task=own, posted_by=world.liaison_a)
    TaskUpdateFactory(task=shared, organization=b, posted_by=world.liaison_b)
    MeetingFactory(title="Giao ban có A", invited=[a, b], organizer=world.ban)
    MeetingFactory(title="Giao ban chỉ có B", invited=[b], organizer=world.ban)
    AgreementFactory(title="Chương trình với A", partners=[a])
    AgreementFactory(title="Chương trình với B", partners=[b])
    ReportFactory(kind="unit", organization=a)
    return own


def test_a_cursor_walks_every_row_once_in_the_order_of_change(client, ban_key, org_a):
    made = [TaskFactory(lead=org_a).pk for _ in range(7)]
    seen, url, pages = [], reverse("api:task-list") + "?page_size=3", 0
    while url:
        body = client.get(url, **bearer(ban_key[1])).json()
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert seen == made  # made one after the other: the order of their last change
    stamps = [
        row["updated_at"]
        for row in client.get(reverse("api:task-list"), **bearer(ban_key[1])).json()["results"]
    ]
    assert stamps == sorted(stamps)


def test_a_row_changed_while_paging_comes_again_at_the_end(client, ban_key, org_a):
    first, second, third = (TaskFactory(lead=org_a) for _ in range(3))
    page = client.get(reverse("api:task-list") + "?page_size=2", **bearer(ban_key[1])).json()
    assert [row["id"] for row in page["results"]] == [first.pk, second.pk]
    Task.objects.filter(pk=first.pk).update(progress=30)
    rest = client.get(page["next"], **bearer(ban_key[1])).json()
    assert [row["id"] for row in rest["results"]] == [third.pk, first.pk]


@pytest.mark.parametrize(
    "query", ["cursor=abc", "cursor=eyJ0IjoxfQ", "page_size=0", "page_size=501", "page_size=x"]
)
def test_a_bad_cursor_or_page_size_is_a_400_that_says_what_to_do(client, ban_key, query):
    response = client.get(reverse("api:task-list") + "?" + query, **bearer(ban_key[1]))
    assert response.status_code == 400
    message = " ".join(sum(response.json().values(), []))
    assert "liên kết “next”" in message or "từ 1 đến 500" in message


def test_updated_since_gives_only_what_changed(client, ban_key, org_a, org_b):
    old, changed = TaskFactory(lead=org_a), TaskFactory(lead=org_a)
    since = timezone.now()
    changed.cooperating.add(org_b)  # a link, not the row itself
    new = TaskFactory(lead=org_b)
    query = "?" + "updated_since=" + timezone.localtime(since).isoformat().replace("+", "%2B")
    rows = client.get(reverse("api:task-list") + query, **bearer(ban_key[1])).json()["results"]
    assert [row["id"] for row in rows] == [changed.pk, new.pk]
    assert old.pk not in [row["id"] for row in rows]
    refused = client.get(reverse("api:task-list") + "?updated_since=hôm-qua", **bearer(ban_key[1]))
    assert refused.status_code == 400
    assert "updated_since" in refused.json()


@pytest.mark.parametrize(
    "name", ["organization", "directive", "agreement", "meeting", "task-update", "report"]
)
def test_every_list_takes_updated_since(client, ban_key, name):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.get(
        reverse(f"api:{name}-list") + f"?updated_since={tomorrow}T00:00:00%2B07:00", **bearer(ban_key[1])
    )
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_dates_and_times_are_iso_8601_with_the_time_zone(client, ban_key, org_a):
    task = TaskFactory(lead=org_a)
    row = client.get(reverse("api:task-detail", args=[task.pk]), **bearer(ban_key[1])).json()
    assert ISO_WITH_ZONE.match(row["updated_at"])
    assert ISO_WITH_ZONE.match(row["created_at"])
    assert row["due_on"] == task.due_on.isoformat()


def test_the_task_filters_are_the_task_pages(client, ban_key, org_a, org_b):
    today = timezone.localdate()
    late = TaskFactory(
        lead=org_a, due_on=today - datetime.timedelta(days=2), assigned_on=today - datetime.timedelta(days=9)
    )
    TaskFactory(lead=org_a, due_on=today + datetime.timedelta(days=30))
    supported = TaskFactory(lead=org_b, cooperating=[org_a])

    def listed(query):
        response = client.get(reverse("api:task-list") + "?" + query, **bearer(ban_key[1]))
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert listed("bucket=overdue") == {late.pk}
    assert listed(f"unit={org_a.pk}&unit_role=cooperating") == {supported.pk}
    assert listed(f"source=directive:{late.directive_id}") == {late.pk}
    assert listed("q=tuyen+truyen") >= {late.pk, supported.pk}
    refused = client.get(reverse("api:task-list") + "?bucket=soon&source=x", **bearer(ban_key[1]))
    assert refused.status_code == 400
    assert set(refused.json()) == {"bucket", "source"}


def test_a_task_shows_its_units_source_status_progress_and_latest_update(
    client, key_a, org_a, org_b, liaison_a
):
    task = TaskFactory(lead=org_b, cooperating=[org_a], progress=40)
    TaskUpdateFactory(
        task=task, organization=org_b, posted_by=liaison_a, reported_on=datetime.date(2026, 2, 1)
    )
    latest = TaskUpdateFactory(
        task=task, organization=org_a, posted_by=liaison_a, reported_on=datetime.date(2026, 3, 1)
    )
    row = client.get(reverse("api:task-detail", args=[task.pk]), **bearer(key_a[1])).json()
    assert row["lead"]["id"] == org_b.pk
    assert [u["id"] for u in row["cooperating"]] == [org_a.pk]
    assert row["directive"]["number"] == task.directive.number
    assert (row["bucket"], row["progress"]) == ("open", 40)
    assert row["last_update"]["id"] == latest.pk
    assert row["last_update"]["organization"]["id"] == org_a.pk


def test_task_updates_give_file_names_never_files(client, key_a, org_a, liaison_a):
    task = TaskFactory(lead=org_a)
    update = TaskUpdateFactory(task=task, posted_by=liaison_a, text="Đã tổ chức hội thảo")
    TaskAttachmentFactory(task=task, update=update)
    row = client.get(reverse("api:task-update-detail", args=[update.pk]), **bearer(key_a[1])).json()
    assert row["text"] == "Đã tổ chức hội thảo"
    assert row["attachments"] == [
        {
            "id": update.attachments.get().pk,
            "name": "Báo cáo tiến độ.pdf",
            "content_type": "application/pdf",
            "size": update.attachments.get().size,
        }
    ]
    assert "file" not in str(row["attachments"]).replace("Báo cáo", "")


def test_a_classified_directive_shows_its_register_line_only(client, ban_key, khoa_giao_fields):
    directive = DirectiveFactory(
        classification="mat",
        title="Về công tác bảo vệ bí mật",
        signer="Nguyễn Văn A",
        fields=list(khoa_giao_fields.values())[:1],
    )
    ReviewMilestoneFactory(directive=directive, title="Sơ kết 5 năm")
    row = client.get(reverse("api:directive-detail", args=[directive.pk]), **bearer(ban_key[1])).json()
    assert (row["number"], row["classification"], row["issued_on"]) == (directive.number, "mat", "2023-12-22")
    assert (row["signer"], row["summary"], row["fields"], row["milestones"]) == ("", "", [], [])
    assert "Nguyễn Văn A" not in str(row)
    assert "Sơ kết 5 năm" not in str(row)


def test_a_unit_key_sees_no_classified_directive(client, key_a, org_a):
    directive = DirectiveFactory(classification="mat")
    TaskFactory(lead=org_a, directive=directive)
    assert (
        client.get(reverse("api:directive-detail", args=[directive.pk]), **bearer(key_a[1])).status_code
        == 404
    )
    assert client.get(reverse("api:directive-list"), **bearer(key_a[1])).json()["results"] == []


def test_a_meetings_reporting_is_every_unit_for_the_ban_and_its_own_for_a_unit(
    client, ban_key, key_a, org_a, org_b, ban
):
    meeting = MeetingFactory(invited=[org_a, org_b], organizer=ban, report_due_on=datetime.date(2026, 3, 20))
    MeetingReportFactory(
        meeting=meeting,
        organization=org_b,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 3, 25, 9)),
    )
    ConclusionFactory(meeting=meeting)  # a draft: the Ban's only
    url = reverse("api:meeting-detail", args=[meeting.pk])
    whole = client.get(url, **bearer(ban_key[1])).json()
    assert {k: whole["reporting"][k] for k in ("invited", "submitted", "on_time", "late", "missing")} == {
        "invited": 2,
        "submitted": 1,
        "on_time": 0,
        "late": 1,
        "missing": 1,
    }
    assert whole["conclusion"]["status"] == "draft"
    own = client.get(url, **bearer(key_a[1])).json()
    assert [(row["unit"]["id"], row["state"]) for row in own["reporting"]["units"]] == [(org_a.pk, "missing")]
    assert own["conclusion"] is None


def test_a_unit_shows_its_history_of_mergers(client, key_a):
    old = OrganizationFactory(code="so-vh", name="Sở Văn hóa", short_name="")
    new = OrganizationFactory(code="so-vhtt", name="Sở Văn hóa và Thể thao", short_name="")
    change = OrganizationChange.objects.create(
        kind="merge", effective_on=datetime.date(2025, 3, 1), legal_basis="983-QĐ/TU"
    )
    change.predecessors.add(old)
    change.successors.add(new)
    row = client.get(reverse("api:organization-detail", args=[new.pk]), **bearer(key_a[1])).json()
    assert row["history"] == [
        {
            "id": change.pk,
            "kind": "merge",
            "effective_on": "2025-03-01",
            "legal_basis": "983-QĐ/TU",
            "note": "",
            "before": [{"id": old.pk, "code": "so-vh", "name": "Sở Văn hóa", "short_name": ""}],
            "after": [{"id": new.pk, "code": "so-vhtt", "name": "Sở Văn hóa và Thể thao", "short_name": ""}],
        },
    ]


def test_a_programme_comes_with_its_items(client, key_a, org_a, org_b):
    agreement = AgreementFactory(partners=[org_a])
    item = AgreementItemFactory(agreement=agreement, lead=org_a, cooperating=[org_b], content="Tuyên truyền")
    row = client.get(reverse("api:agreement-detail", args=[agreement.pk]), **bearer(key_a[1])).json()
    assert [(i["id"], i["lead"]["id"], [c["id"] for c in i["cooperating"]]) for i in row["items"]] == [
        (item.pk, org_a.pk, [org_b.pk])
    ]


def test_a_ready_reports_pdf_comes_through_the_same_checks(client, ban_key, key_a, org_a):
    report = ready_report(kind="unit", organization=org_a)
    row = client.get(reverse("api:report-detail", args=[report.pk]), **bearer(ban_key[1])).json()
    assert row["status"] == "ready"
    assert row["signature"] is None
    pdf = client.get(row["download"], **bearer(ban_key[1]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(row["download"], **bearer(key_a[1])).status_code == 404
    assert client.get(row["download"]).status_code == 401
    queued = ReportFactory()
    body = client.get(reverse("api:report-detail", args=[queued.pk]), **bearer(ban_key[1])).json()
    assert body["download"] is None
    assert client.get(reverse("api:report-pdf", args=[queued.pk]), **bearer(ban_key[1])).status_code == 404
