"""The report PDF as an official document: the blank for its number, the same signature block
however it was asked for, one percentage per figure written one way, numbered figures and no
empty chart, punctuation after a task's title, and the units' names in full."""

import datetime
import re

import pytest

from khoagiao.pdf import render_html
from reports.content import TEMPLATE, report_context
from reports.models import Report
from tests.reports.conftest import flat, render, text_of

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 7, 5)
SIGNER = "Nguyễn Thị Minh Thư"


def pdf_text(report):
    return flat(text_of(report.file.path, "-raw"))


# --- 2. the number ------------------------------------------------------------------------------


@pytest.mark.pdftools
def test_an_unnumbered_report_keeps_the_blank_for_the_number(province_ban, staff_user):
    """Failed before: "Số -BC/BTGDVTU" (HTML collapsed the spaces the clerk writes the number in)."""
    report = render(by=staff_user, kind=Report.Kind.BAN, period="2026-H1", as_of=AS_OF)
    # Non-breaking spaces in the HTML; a gap as wide as five spaces on the page.
    assert "Số\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BTGDVTU" in render_html(TEMPLATE, report_context(report))
    layout = text_of(report.file.path, "-layout")
    assert re.search(r"Số\s{4,}-BC/BTGDVTU", layout), layout[:300]
