"""The register's pages: list (filters, search, pagination), detail, create and edit through the
services with their history, milestones, files, and who may do what."""

import datetime
import unicodedata

import pytest
from django.db import connection

from directives.models import Directive, DirectiveAttachment, ReviewMilestone
from tests.assignments.factories import TaskFactory
from tests.directives.factories import (
    PDF_BYTES,
    DirectiveAttachmentFactory,
    DirectiveFactory,
    ReviewMilestoneFactory,
    central_body,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def register(khoa_giao_fields):
    btgtw = central_body()
    bct = central_body("bct", "Bộ Chính trị", "TW", "party_committee")
    return {
        "128": DirectiveFactory(
            sequence=128,
            issuing_body=btgtw,
            term=13,
            title="Công tác khoa giáo năm 2024",
            signer="Vũ Thanh Mai",
            fields=[khoa_giao_fields["giao_duc_dao_tao"]],
        ),
        "57": DirectiveFactory(
            sequence=57,
            type_abbreviation="NQ",
            issuer_symbol="TW",
            doc_type="nghi_quyet",
            issuing_body=bct,
            term=13,
            issued_on=D(2024, 12, 22),
            title="Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
            fields=[khoa_giao_fields["khoa_hoc_cong_nghe"]],
        ),
        "221": DirectiveFactory(
            sequence=221,
            type_abbreviation="QĐ",
            issuer_symbol="TW",
            doc_type="quyet_dinh",
            issuing_body=central_body("bbt", "Ban Bí thư Trung ương Đảng", "TW", "party_committee"),
            term=10,
            issued_on=D(2009, 4, 27),
            status="replaced",
            title="Quy chế phối hợp",
        ),
    }


def numbers(response):
    return [d.number for d in response.context["directives"]]


# --- list ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "khoa giao",
        "KHOA GIÁO",
        unicodedata.normalize("NFD", "khoa giáo"),
        "128",
        "128-hd",
        "128-HD/BTGTW",
        "vu thanh mai",
    ],
)
def test_search_is_accent_case_and_unicode_form_insensitive_and_finds_numbers(
    login, staff_user, register, query
):
    response = login(staff_user).get("/van-ban/", {"q": query})
    assert numbers(response) == ["128-HD/BTGTW"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"doc_type": "nghi_quyet"}, ["57-NQ/TW"]),
        ({"year": "2009"}, ["221-QĐ/TW"]),
        ({"status": "replaced"}, ["221-QĐ/TW"]),
        ({"status": "in_force", "q": "cong nghe"}, ["57-NQ/TW"]),
        ({}, ["57-NQ/TW", "128-HD/BTGTW", "221-QĐ/TW"]),
    ],
)
def test_filters(login, staff_user, register, params, expected):
    assert numbers(login(staff_user).get("/van-ban/", params)) == expected


def test_filter_by_issuing_body_and_field(login, staff_user, register, khoa_giao_fields):
    client = login(staff_user)
    body = register["57"].issuing_body
    assert numbers(client.get("/van-ban/", {"issuing_body": body.pk})) == ["57-NQ/TW"]
    field = khoa_giao_fields["giao_duc_dao_tao"]
    assert numbers(client.get("/van-ban/", {"field": field.pk})) == ["128-HD/BTGTW"]


def test_the_filter_bar_offers_the_years_and_bodies_that_have_directives(login, staff_user, register):
    # Years with a gap between them (2010-2023 have none here) and bodies without directives.
    central_body("tw_khac", "Ban Kinh tế Trung ương", "KTTW", "party_committee")
    form = login(staff_user).get("/van-ban/").context["filterset"].form
    years = [value for value, _label in form.fields["year"].choices if value]
    issued = {d.issued_on.year for d in register.values()}
    assert years == [str(year) for year in sorted(issued, reverse=True)]
    bodies = {label for value, label in form.fields["issuing_body"].choices if value}
    assert bodies == {str(d.issuing_body) for d in register.values()}


def test_a_nonsense_filter_is_reported_not_crashed(login, staff_user, register):
    response = login(staff_user).get("/van-ban/", {"year": "abc", "issuing_body": "999999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Một số điều kiện lọc không hiểu được nên đã bỏ qua" in html
    assert "Cơ quan ban hành:" in html
    assert "Năm:" in html


def test_the_list_is_paginated_keeping_the_filters(login, staff_user, register):
    for n in range(30):
        DirectiveFactory(
            sequence=1000 + n, issuing_body=register["128"].issuing_body, issued_on=D(2022, 1, 1)
        )
    response = login(staff_user).get("/van-ban/", {"q": "huong dan", "page": 2})
    assert response.context["page_obj"].number == 2
    assert "q=huong+dan&amp;page=1" in response.content.decode()


@pytest.mark.postgres
def test_a_result_larger_than_the_exact_count_says_about_how_many(login, staff_user, register, monkeypatch):
    """The count reads at most EXACT_UP_TO + 1 rows; beyond, the page says "about" the planner's
    estimate (here made 1,000, more than there are), and a page that is not full offers no next."""
    from khoagiao import paging

    for n in range(30):
        DirectiveFactory(
            sequence=1000 + n, issuing_body=register["128"].issuing_body, issued_on=D(2022, 1, 1)
        )
    client = login(staff_user)
    exact = client.get("/van-ban/", {"q": "huong dan"})
    count = exact.context["page_obj"].paginator.count
    assert count > 26
    assert f"{count} văn bản trong sổ phù hợp" in exact.content.decode()
    assert "Khoảng" not in exact.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directives_directive")
    assert 0 < paging.planned_rows(Directive.objects.all()) <= 2 * Directive.objects.count()
    monkeypatch.setattr(paging, "EXACT_UP_TO", 26)
    monkeypatch.setattr(paging, "planned_rows", lambda queryset: 1000)
    first = client.get("/van-ban/", {"q": "huong dan"})
    assert first.context["page_obj"].paginator.estimated
    assert "Khoảng 1.000 văn bản trong sổ phù hợp" in first.content.decode()
    assert "Trang 1/khoảng 40" in first.content.decode()
    assert len(first.context["directives"]) == 25
    last = client.get("/van-ban/", {"q": "huong dan", "page": 2})
    assert len(last.context["directives"]) == count - 25
    assert not last.context["page_obj"].has_next()


def test_a_liaison_sees_only_unclassified_directives_its_unit_works_on(login, liaison_a, org_a, register):
    TaskFactory(directive=register["57"], lead=org_a)
    classified = DirectiveFactory(sequence=9, classification="mat", issuing_body=register["128"].issuing_body)
    TaskFactory(directive=classified, lead=org_a)
    client = login(liaison_a)
    assert numbers(client.get("/van-ban/")) == ["57-NQ/TW"]
    assert client.get(f"/van-ban/{register['128'].pk}/").status_code == 404
    assert client.get(f"/van-ban/{classified.pk}/").status_code == 404
    assert client.get(f"/van-ban/{register['57'].pk}/").status_code == 200


# --- detail -------------------------------------------------------------------------------------


def test_the_detail_page_shows_links_milestones_tasks_and_history(
    login, staff_user, leader_user, register, org_b
):
    d57 = register["57"]
    plan = DirectiveFactory(
        sequence=20,
        type_abbreviation="KH",
        issuer_symbol="TW",
        doc_type="ke_hoach",
        issuing_body=d57.issuing_body,
        issued_on=D(2025, 1, 10),
        implements=d57,
    )
    today = datetime.date.today()
    ReviewMilestoneFactory(directive=d57, title="Sơ kết năm 2025", due_on=today - datetime.timedelta(days=3))
    ReviewMilestoneFactory(directive=d57, title="Sơ kết 6 tháng", due_on=today + datetime.timedelta(days=10))
    ReviewMilestoneFactory(
        directive=d57, title="Sơ kết đã xong", due_on=today - datetime.timedelta(days=100), done_on=today
    )
    task = TaskFactory(directive=d57, lead=org_b, title="Tuyên truyền Nghị quyết 57")
    client = login(staff_user)
    client.post(f"/van-ban/{d57.pk}/sua/", _form_data(d57, title="Về đột phá phát triển khoa học (đã sửa)"))
    response = login(leader_user).get(f"/van-ban/{d57.pk}/")
    body = response.content.decode()
    assert "20-KH/TW" in body
    assert f"/van-ban/{plan.pk}/" in body
    assert body.count("milestone-overdue") == 1
    assert body.count("milestone-soon") == 1
    assert body.count("milestone-done") == 1
    assert f"/nhiem-vu/{task.pk}/" in body
    assert "Tuyên truyền Nghị quyết 57" in body
    history = response.context["history"]
    assert [entry.action for entry in history] == ["changed", "created"]
    assert history[0].who.startswith("Người dùng Thử")
    assert [(c.label, c.new) for c in history[0].changes] == [
        ("Trích yếu", "Về đột phá phát triển khoa học (đã sửa)")
    ]


def test_liaisons_do_not_see_the_audit_history(login, liaison_b, org_b, register):
    TaskFactory(directive=register["57"], lead=org_b)
    response = login(liaison_b).get(f"/van-ban/{register['57'].pk}/")
    assert response.status_code == 200
    assert "Lịch sử thay đổi" not in response.content.decode()


# --- create and edit ----------------------------------------------------------------------------


def _form_data(directive=None, **overrides):
    data = {
        "number": "45-NQ/TW",
        "doc_type": "",
        "issuing_body": "",
        "term": "XIII",
        "issued_on": "24/11/2023",
        "effective_on": "",
        "signer": "",
        "title": "Về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức",
        "summary": "",
        "status": "in_force",
        "classification": "none",
    }
    if directive is not None:
        data.update(
            number=directive.number,
            doc_type=directive.doc_type,
            issuing_body=directive.issuing_body_id,
            term=directive.term or "",
            issued_on=f"{directive.issued_on:%d/%m/%Y}",
            effective_on=f"{directive.effective_on:%d/%m/%Y}" if directive.effective_on else "",
            signer=directive.signer,
            title=directive.title,
            summary=directive.summary,
            implements=directive.implements_id or "",
            replaced_by=directive.replaced_by_id or "",
            status=directive.status,
            classification=directive.classification,
            version=directive.version,
        )
        data["fields"] = [f.pk for f in directive.fields.all()]
    data.update(overrides)
    return data


def test_staff_create_a_directive_with_one_history_record(login, staff_user, register, khoa_giao_fields):
    bch = central_body("bch-tw", "Ban Chấp hành Trung ương Đảng", "TW", "party_committee")
    data = _form_data(
        issuing_body=bch.pk,
        number="số 45-nq/tw",
        title=unicodedata.normalize("NFD", "Về đội ngũ trí thức"),
        fields=[khoa_giao_fields["khoa_hoc_cong_nghe"].pk, khoa_giao_fields["giao_duc_dao_tao"].pk],
    )
    response = login(staff_user).post("/van-ban/them/", data)
    directive = Directive.objects.get(number="45-NQ/TW")
    assert response.status_code == 302
    assert response["Location"] == f"/van-ban/{directive.pk}/"
    assert (directive.doc_type, directive.term, directive.issued_on) == ("nghi_quyet", 13, D(2023, 11, 24))
    assert directive.title == "Về đội ngũ trí thức"
    assert unicodedata.is_normalized("NFC", directive.title)
    assert directive.created_by == staff_user
    record = directive.history.get()
    assert (record.history_type, record.history_user) == ("+", staff_user)
    assert {row.field.code for row in record.fields.all()} == {"khoa_hoc_cong_nghe", "giao_duc_dao_tao"}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"number": "128/HD-BTGTW"}, "number", "không phải là số hiệu văn bản của Đảng"),
        ({"number": "45-NQ/BTGTW"}, "number", "không khớp với Ban Chấp hành Trung ương Đảng"),
        ({"number": "238-QĐ/TW"}, "doc_type", "dùng cho Quyết định / Quy định"),
        ({"doc_type": "chi_thi"}, "doc_type", "không khớp với ký hiệu NQ"),
        ({"issued_on": "2023-31-12"}, "issued_on", ""),
        ({"effective_on": "01/01/2020"}, "effective_on", "không được trước ngày ban hành"),
        ({"term": "XIIII"}, "term", "không phải là khóa"),
        ({"classification": "mat", "summary": "Nội dung"}, "summary", "chỉ lưu thông tin đăng ký"),
        ({"classification": "tuyet_mat"}, "title", "không lưu trích yếu"),
        ({"status": "in_force", "replaced_by": "__57__"}, "status", "Đã được thay thế"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_keeps_what_was_typed(
    login, staff_user, register, overrides, field, message
):
    bch = central_body("bch-tw", "Ban Chấp hành Trung ương Đảng", "TW", "party_committee")
    if overrides.get("replaced_by") == "__57__":
        overrides["replaced_by"] = register["57"].pk
    data = _form_data(issuing_body=bch.pk, **overrides)
    response = login(staff_user).post("/van-ban/them/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert form["title"].value() == data["title"]
    assert not Directive.objects.filter(issuing_body=bch).exists()


def test_the_same_number_body_and_term_cannot_be_registered_twice(login, staff_user, register):
    data = _form_data(register["128"], title="Bản trùng")
    response = login(staff_user).post("/van-ban/them/", data)
    assert "đã có trong sổ" in " ".join(response.context["form"].errors["number"])
    assert Directive.objects.filter(number="128-HD/BTGTW").count() == 1


def test_the_same_number_in_another_term_is_another_directive(login, staff_user, register):
    bch = central_body("bch-tw", "Ban Chấp hành Trung ương Đảng", "TW", "party_committee")
    client = login(staff_user)
    for term, day in (("XI", "01/11/2012"), ("XII", "25/10/2017")):
        data = _form_data(issuing_body=bch.pk, number="20-NQ/TW", term=term, issued_on=day)
        assert client.post("/van-ban/them/", data).status_code == 302
    assert sorted(Directive.objects.filter(number="20-NQ/TW").values_list("term", flat=True)) == [11, 12]


def test_editing_without_changes_writes_no_history(login, staff_user, register):
    directive = register["128"]
    before = directive.history.count()
    response = login(staff_user).post(f"/van-ban/{directive.pk}/sua/", _form_data(directive))
    assert response.status_code == 302
    assert directive.history.count() == before


def test_classifying_a_directive_with_files_is_refused(login, staff_user, register):
    directive = register["128"]
    DirectiveAttachmentFactory(directive=directive, uploaded_by=staff_user)
    data = _form_data(directive, classification="mat", summary="")
    response = login(staff_user).post(f"/van-ban/{directive.pk}/sua/", data)
    assert "đang có tệp đính kèm" in " ".join(response.context["form"].errors["classification"])
    directive.refresh_from_db()
    assert directive.classification == "none"


def test_leaders_read_but_cannot_change(login, leader_user, register):
    client = login(leader_user)
    directive = register["128"]
    assert client.get(f"/van-ban/{directive.pk}/").status_code == 200
    assert client.post(f"/van-ban/{directive.pk}/sua/", _form_data(directive, title="x")).status_code == 403
    milestone = ReviewMilestoneFactory(directive=directive)
    assert client.post(f"/van-ban/moc/{milestone.pk}/xoa/").status_code == 403
    attachment = DirectiveAttachmentFactory(directive=directive)
    assert client.post(f"/van-ban/tep/{attachment.pk}/xoa/").status_code == 403
    assert ReviewMilestone.objects.filter(pk=milestone.pk).exists()
    assert DirectiveAttachment.objects.filter(pk=attachment.pk).exists()


def test_a_liaison_of_the_unit_may_read_but_not_delete(login, liaison_b, org_b, register):
    directive = register["57"]
    TaskFactory(directive=directive, lead=org_b)
    milestone = ReviewMilestoneFactory(directive=directive)
    attachment = DirectiveAttachmentFactory(directive=directive)
    client = login(liaison_b)
    assert client.post(f"/van-ban/moc/{milestone.pk}/xoa/").status_code == 403
    assert client.post(f"/van-ban/tep/{attachment.pk}/xoa/").status_code == 403
    assert client.get(f"/van-ban/tep/{attachment.pk}/").status_code == 200


# --- milestones ---------------------------------------------------------------------------------


def test_staff_add_edit_and_delete_a_milestone(login, staff_user, register):
    directive = register["57"]
    client = login(staff_user)
    data = {
        "kind": "so_ket",
        "title": "Sơ kết năm 2026",
        "covers_from": "01/01/2026",
        "covers_to": "31/12/2026",
        "due_on": "31/12/2026",
        "done_on": "",
        "result_document": "",
        "result_note": "",
    }
    response = client.post(f"/van-ban/{directive.pk}/moc/them/", data)
    assert response.status_code == 302
    assert response["Location"].endswith("#milestones")
    milestone = directive.milestones.get()
    assert (milestone.covers_from, milestone.due_on) == (D(2026, 1, 1), D(2026, 12, 31))
    data.update(covers_to="01/12/2025")
    response = client.post(f"/van-ban/moc/{milestone.pk}/sua/", data)
    assert "kết thúc trước" in " ".join(response.context["form"].errors["covers_to"])
    data.update(covers_to="31/12/2026", done_on="20/12/2026", result_document=register["128"].pk)
    assert client.post(f"/van-ban/moc/{milestone.pk}/sua/", data).status_code == 302
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.result_document) == (D(2026, 12, 20), register["128"])
    assert client.post(f"/van-ban/moc/{milestone.pk}/xoa/").status_code == 302
    assert not directive.milestones.exists()


# --- files --------------------------------------------------------------------------------------


def test_staff_attach_a_file_which_readers_download_and_staff_remove(
    login, staff_user, leader_user, register, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    directive = register["128"]
    upload = SimpleUploadedFile("128-HD-BTGTW.pdf", PDF_BYTES, content_type="application/pdf")
    response = login(staff_user).post(
        f"/van-ban/{directive.pk}/tep/them/", {"file": upload, "description": "Bản PDF"}
    )
    assert response.status_code == 302
    attachment = directive.attachments.get()
    assert (
        attachment.original_name == "128-hd-btgtw.pdf"
        or attachment.original_name.lower() == "128-hd-btgtw.pdf"
    )
    download = login(leader_user).get(f"/van-ban/tep/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "attachment" in download["Content-Disposition"]
    stored = attachment.file.path
    with_commit = login(staff_user)
    assert with_commit.post(f"/van-ban/tep/{attachment.pk}/xoa/").status_code == 302
    assert not DirectiveAttachment.objects.exists()
    assert stored


def test_no_file_for_a_classified_directive(login, staff_user, register):
    from django.core.files.uploadedfile import SimpleUploadedFile

    directive = register["221"]
    Directive.objects.filter(pk=directive.pk).update(classification="toi_mat", summary="")
    upload = SimpleUploadedFile("mat.pdf", PDF_BYTES, content_type="application/pdf")
    response = login(staff_user).post(f"/van-ban/{directive.pk}/tep/them/", {"file": upload})
    assert response.status_code == 200
    assert "Không được đính kèm tệp cho văn bản mật." in response.content.decode()
    assert not DirectiveAttachment.objects.exists()


def test_a_file_that_is_not_what_its_name_says_is_refused(login, staff_user, register):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "van-ban.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = login(staff_user).post(f"/van-ban/{register['128'].pk}/tep/them/", {"file": upload})
    assert response.status_code == 200
    assert not DirectiveAttachment.objects.exists()
