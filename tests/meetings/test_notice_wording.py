"""What the conclusion notice says, in the PDF and the Word file alike: units named in full as an
official document names them, the units recorded as present (not every unit invited), and an
opening paragraph that reads as natural administrative Vietnamese."""

import pytest
from django.urls import reverse

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
