"""Coordination programme pages: list and filters, the detail with items, tasks and progress, the
create/edit form with its item rows (no JavaScript needed), reviews and files."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import AgreementAttachment, AgreementItem, AgreementReview, CoordinationAgreement
from khoagiao.periods import Period
from tests.agreements.factories import (
    AgreementFactory,
    AgreementItemFactory,
    AgreementReviewFactory,
    basis_238,
)
from tests.assignments.factories import TaskFactory
from tests.assignments.helpers import AGREEMENT_ID, TASK_ID, page_ids, pdf, stored_files
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
LIST = reverse("agreements:list")


@pytest.fixture
def programmes(org_a, org_b):
    org_c = OrganizationFactory(code="so-c", name="Sở Khoa học và Công nghệ")
    return {
        "with_a": AgreementFactory(title="Chương trình phối hợp giáo dục", partners=[org_a]),
        "with_b": AgreementFactory(
            title="Chương trình phối hợp y tế",
            partners=[org_b],
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2030, 12, 31),
        ),
        # Unit A is no partner here but leads one of its items.
        "a_leads_item": AgreementItemFactory(
            agreement=AgreementFactory(title="Chương trình khoa học", partners=[org_c]), lead=org_a
        ).agreement,
        "a_supports_item": AgreementItemFactory(
            agreement=AgreementFactory(title="Chương trình chuyển đổi số", partners=[org_c]),
            lead=org_c,
            cooperating=[org_a],
        ).agreement,
    }


def test_a_liaison_lists_its_units_programmes_only(login, liaison_a, programmes):
    shown = page_ids(login(liaison_a).get(LIST), AGREEMENT_ID)
    expected = {programmes[k].pk for k in ("with_a", "a_leads_item", "a_supports_item")}
    assert shown == expected


def test_filters_partner_status_year_and_search(login, staff_user, org_b, programmes):
    client = login(staff_user)
    assert page_ids(client.get(f"{LIST}?partner={org_b.pk}"), AGREEMENT_ID) == {programmes["with_b"].pk}
    assert page_ids(client.get(f"{LIST}?year=2028"), AGREEMENT_ID) == {programmes["with_b"].pk}
    assert page_ids(client.get(f"{LIST}?q=giao+duc"), AGREEMENT_ID) == {programmes["with_a"].pk}
    CoordinationAgreement.objects.filter(pk=programmes["with_a"].pk).update(status="ended")
    assert page_ids(client.get(f"{LIST}?status=ended"), AGREEMENT_ID) == {programmes["with_a"].pk}


def test_detail_shows_items_their_visible_tasks_progress_and_reviews(login, liaison_a, org_a, org_b):
    agreement = AgreementFactory(partners=[org_a, org_b])
    item_a = AgreementItemFactory(agreement=agreement, lead=org_a, content="Tuyên truyền tuyển sinh")
    item_b = AgreementItemFactory(agreement=agreement, lead=org_b, content="Tuyên truyền y tế cơ sở")
    mine = TaskFactory(lead=org_a, directive=None, agreement_item=item_a, progress=40)
    theirs = TaskFactory(lead=org_b, directive=None, agreement_item=item_b)
    AgreementReviewFactory(agreement=agreement, result="Hoàn thành nội dung năm 2024")
    response = login(liaison_a).get(reverse("agreements:detail", args=[agreement.pk]))
    body = response.content.decode()
    assert "Tuyên truyền tuyển sinh" in body
    assert "Tuyên truyền y tế cơ sở" in body  # a partner reads the whole programme...
    assert page_ids(response, TASK_ID) == {mine.pk}  # ...but only its own unit's tasks
    assert theirs.title not in body
    assert "40\u00a0%" in body  # khoagiao.numbers.percent
    assert "Hoàn thành nội dung năm 2024" in body
    assert "Lịch sử thay đổi" in body


def form_data(org_a, org_b, **extra):
    return {
        "title": "Chương trình phối hợp giữa Ban Tuyên giáo và Dân vận Tỉnh ủy với Sở Giáo dục và Đào tạo",
        "basis": basis_238().pk,
        "partners": [org_a.pk],
        "starts_on": "01/01/2026",
        "ends_on": "31/12/2030",
        "signed_on": "15/01/2026",
        "signed_place": "Khánh Hòa",
        "status": "in_effect",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-order": "1",
        "items-0-content": "Tuyên truyền Nghị quyết 71-NQ/TW",
        "items-0-lead": str(org_a.pk),
        "items-0-cooperating": [str(org_b.pk)],
        "items-0-timeline": "Hằng năm",
        "items-1-order": "2",
        "items-1-content": "Nắm bắt dư luận về tuyển sinh lớp 10",
        "items-1-lead": str(org_a.pk),
        # items-2 is left blank, as a browser without JavaScript sends it
        **extra,
    }


def test_staff_create_a_programme_with_items_without_javascript(login, staff_user, ban, org_a, org_b):
    response = login(staff_user).post(
        reverse("agreements:create"), {**form_data(org_a, org_b), "ban": ban.pk}
    )
    assert response.status_code == 302
    agreement = CoordinationAgreement.objects.get()
    assert agreement.signed_on == datetime.date(2026, 1, 15)
    items = list(agreement.items.order_by("order"))
    assert [i.content for i in items] == [
        "Tuyên truyền Nghị quyết 71-NQ/TW",
        "Nắm bắt dư luận về tuyển sinh lớp 10",
    ]
    assert list(items[0].cooperating.all()) == [org_b]


def test_an_invalid_programme_keeps_the_rows_typed(login, staff_user, ban, org_a, org_b):
    data = {**form_data(org_a, org_b), "ban": ban.pk, "ends_on": "01/01/2020"}
    response = login(staff_user).post(reverse("agreements:create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ngày kết thúc chương trình không được trước ngày bắt đầu." in body
    assert "Nắm bắt dư luận về tuyển sinh lớp 10" in body
    assert not CoordinationAgreement.objects.exists()


def edit_data(client, agreement):
    response = client.get(reverse("agreements:edit", args=[agreement.pk]))
    form, items = response.context["form"], response.context["items"]
    data = {}
    for bound in [*form, *(field for item_form in items for field in item_form)]:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, list):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, datetime.date):
            data[bound.html_name] = value.strftime("%d/%m/%Y")
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = str(getattr(value, "pk", value))
    data.update({f"items-{k}": v for k, v in items.management_form.initial.items()})
    return data


def test_an_item_with_tasks_cannot_be_deleted(login, staff_user, org_a):
    agreement = AgreementFactory(partners=[org_a])
    item = AgreementItemFactory(agreement=agreement, lead=org_a, order=1)
    TaskFactory(lead=org_a, directive=None, agreement_item=item)
    client = login(staff_user)
    data = edit_data(client, agreement)
    data["items-0-DELETE"] = "on"
    response = client.post(reverse("agreements:edit", args=[agreement.pk]), data)
    assert "đã có nhiệm vụ nên không thể xóa" in response.content.decode()
    assert AgreementItem.objects.filter(pk=item.pk).exists()


def test_an_item_of_another_programme_cannot_be_pulled_in(login, staff_user, org_a, org_b):
    mine = AgreementFactory(partners=[org_a])
    AgreementItemFactory(agreement=mine, lead=org_a, order=1)
    foreign = AgreementItemFactory(
        agreement=AgreementFactory(partners=[org_b]), lead=org_b, content="Của chương trình khác"
    )
    client = login(staff_user)
    data = edit_data(client, mine)
    data["items-0-id"] = str(foreign.pk)
    response = client.post(reverse("agreements:edit", args=[mine.pk]), data)
    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.agreement_id != mine.pk
    assert foreign.content == "Của chương trình khác"


def test_editing_changes_items_and_records_who_did_it(login, staff_user, org_a):
    agreement = AgreementFactory(partners=[org_a])
    item = AgreementItemFactory(agreement=agreement, lead=org_a, order=1, content="Nội dung cũ")
    client = login(staff_user)
    data = edit_data(client, agreement)
    data["items-0-content"] = "Nội dung mới"
    assert client.post(reverse("agreements:edit", args=[agreement.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.content == "Nội dung mới"
    body = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Nội dung cũ" in body  # the history shows the old value
    assert "đã sửa" in body


def test_one_review_per_period_with_a_vietnamese_message(login, staff_user, org_a):
    agreement = AgreementFactory(partners=[org_a])
    AgreementReviewFactory(agreement=agreement, period=Period(2024, "Y"))
    client = login(staff_user)
    url = reverse("agreements:review_add", args=[agreement.pk])
    response = client.post(url, {"period": "2024-Y", "result": "Trùng kỳ"})
    assert "Chương trình đã có đánh giá cho kỳ" in response.content.decode()
    assert (
        client.post(url, {"period": "2025-Y", "result": "Đạt", "reviewed_on": "20/12/2025"}).status_code
        == 302
    )
    assert AgreementReview.objects.filter(agreement=agreement).count() == 2


def test_staff_attach_a_file_and_a_partner_downloads_it(login, staff_user, liaison_a, org_a, private_root):
    agreement = AgreementFactory(partners=[org_a])
    client = login(staff_user)
    response = client.post(
        reverse("agreements:attach", args=[agreement.pk]), {"files": [pdf("Chương trình đã ký.pdf")]}
    )
    assert response.status_code == 302
    attachment = AgreementAttachment.objects.get()
    assert len(stored_files(private_root)) == 1
    download = login(liaison_a).get(reverse("agreements:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
