"""What the conclusion notice says, in the PDF and the Word file alike: units named in full as an
official document names them, the units recorded as present (not every unit invited), and an
opening paragraph that reads as natural administrative Vietnamese."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting
from meetings.notice import opening_paragraph
from tests.factories import OrganizationFactory
from tests.meetings.factories import MeetingFactory
from tests.meetings.test_notice import collapse, docx_text, pdftotext

pytestmark = pytest.mark.django_db


def notice_texts(client, meeting):
    """The notice's text as the PDF and as the Word file print it."""
    pdf = client.get(reverse("meetings:notice_pdf", kwargs={"pk": meeting.pk})).content
    _document, paragraphs, cells = docx_text(
        client.get(reverse("meetings:notice_docx", kwargs={"pk": meeting.pk})).content
    )
    return {"pdf": collapse(pdftotext(pdf)), "docx": collapse(" ".join(paragraphs + cells))}


@pytest.mark.pdftools
def test_the_notice_names_units_in_full_never_by_a_short_name_with_an_ampersand(concluded, login, staff_user):
    for kind, text in notice_texts(login(staff_user), concluded).items():
        assert "&" not in text, f"the {kind} abbreviates a unit's name: …{text[text.find('&') - 40 :][:80]}…"
        # the finding's label, the task's lead, the proposal's author, the units present
        assert "Sở Giáo dục và Đào tạo:" in text, kind
        assert "Đơn vị chủ trì: Sở Giáo dục và Đào tạo." in text, kind
        assert "Đơn vị đề xuất: Sở Y tế." in text, kind
        assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Khánh Hòa tổ chức Hội nghị" in text, kind


def outcome_as_loaded(response):
    """The outcome page's conclusion form as it comes, sent back unchanged, with no rows."""
    form = response.context["conclusion_form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value not in (None, ""):
            data[name] = str(value)
    for prefix in ("findings", "tasks", "proposals"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data


@pytest.mark.pdftools
def test_the_notice_lists_as_present_only_the_units_recorded_as_present(
    province_ban, login, staff_user, org_a, org_b
):
    meeting = MeetingFactory(organizer=province_ban, invited=[org_a, org_b])
    client = login(staff_user)
    url = reverse("meetings:outcome", kwargs={"pk": meeting.pk})
    # Staff write the conclusion before anyone recorded who came: no unit is taken as present.
    data = outcome_as_loaded(client.get(url)) | {"text": "Đề nghị các đơn vị thực hiện tốt."}
    assert client.post(url, data).status_code == 302
    assert list(Meeting.objects.get(pk=meeting.pk).attended.all()) == []
    text = notice_texts(client, meeting)["pdf"]
    assert "Sở Y tế" not in text
    assert "Sở Giáo dục và Đào tạo" not in text

    # Only Sở Giáo dục và Đào tạo came: the form shows it ticked, the notice names it alone.
    data = outcome_as_loaded(client.get(url)) | {"attended": [str(org_a.pk)]}
    assert client.post(url, data).status_code == 302
    assert outcome_as_loaded(client.get(url))["attended"] == [str(org_a.pk)]
    for kind, text in notice_texts(client, meeting).items():
        assert "đại diện lãnh đạo các đơn vị trong Khối Khoa giáo: Sở Giáo dục và Đào tạo." in text, kind
        assert "Sở Y tế" not in text, kind


def test_the_opening_says_once_who_concluded_in_natural_vietnamese(province_ban, org_a, org_b):
    org_c = OrganizationFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTT&DL")
    meeting = MeetingFactory(
        organizer=province_ban,
        invited=[org_a, org_b, org_c],
        attended=[org_a, org_c],
        title="Hội nghị giao ban công tác khoa giáo 6 tháng đầu năm 2026",
        place="Hội trường Tỉnh ủy",
        starts_at=datetime.datetime(2026, 6, 25, 1, 0, tzinfo=datetime.UTC),
        chair_name="Trần Văn Hùng",
        chair_position="Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        attendees_note="lãnh đạo Ban Tuyên giáo và Dân vận Tỉnh ủy",
    )
    assert opening_paragraph(meeting) == (
        "Ngày 25/06/2026, tại Hội trường Tỉnh ủy, Ban Tuyên giáo và Dân vận Tỉnh ủy Khánh Hòa tổ chức "
        "Hội nghị giao ban công tác khoa giáo 6 tháng đầu năm 2026. "
        "Đồng chí Trần Văn Hùng, Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy, chủ trì Hội nghị. "
        "Tham dự Hội nghị có lãnh đạo Ban Tuyên giáo và Dân vận Tỉnh ủy, đại diện lãnh đạo các đơn vị "
        "trong Khối Khoa giáo: Sở Giáo dục và Đào tạo; Sở Văn hóa, Thể thao và Du lịch. "
        "Sau khi nghe báo cáo kết quả công tác khoa giáo 6 tháng đầu năm 2026, nhiệm vụ trọng tâm "
        "6 tháng cuối năm 2026 và ý kiến phát biểu của các đơn vị, đồng chí Phó Trưởng Ban Tuyên giáo "
        "và Dân vận Tỉnh ủy kết luận như sau:"
    )
    # No period, no chair, nobody recorded: the sentences that have nothing to say are left out.
    bare = MeetingFactory(
        organizer=province_ban,
        kind=Meeting.Kind.THEMATIC,
        period=None,
        chair_name="",
        chair_position="",
        place="",
    )
    assert opening_paragraph(bare).endswith(
        "Sau khi nghe ý kiến phát biểu của các đơn vị, đồng chí chủ trì Hội nghị kết luận như sau:"
    )
    assert "Tham dự" not in opening_paragraph(bare)
