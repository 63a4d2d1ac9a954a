"""A report can be made for every kind of period the form offers, and names the period after it."""

import datetime

import pytest

from khoagiao.periods import KIND_CHOICES, Period
from reports.models import Report
from tests.reports.conftest import flat, render, text_of

pytestmark = [pytest.mark.pdftools, pytest.mark.django_db]

# The trích yếu under "BÁO CÁO" and the heading of part II, for each kind in 2026.
EXPECTED = {
    "Q1": ("công tác khoa giáo quý I năm 2026, nhiệm vụ trọng tâm quý II năm 2026", "QUÝ II NĂM 2026"),
    "Q2": ("công tác khoa giáo quý II năm 2026, nhiệm vụ trọng tâm quý III năm 2026", "QUÝ III NĂM 2026"),
    "Q3": ("công tác khoa giáo quý III năm 2026, nhiệm vụ trọng tâm quý IV năm 2026", "QUÝ IV NĂM 2026"),
    "Q4": ("công tác khoa giáo quý IV năm 2026, nhiệm vụ trọng tâm quý I năm 2027", "QUÝ I NĂM 2027"),
    "H1": (
        "công tác khoa giáo 6 tháng đầu năm 2026, nhiệm vụ trọng tâm 6 tháng cuối năm 2026",
        "6 THÁNG CUỐI NĂM 2026",
    ),
    "9M": ("công tác khoa giáo 9 tháng đầu năm 2026, nhiệm vụ trọng tâm quý IV năm 2026", "QUÝ IV NĂM 2026"),
    "Y": ("công tác khoa giáo năm 2026; phương hướng, nhiệm vụ năm 2027", "NĂM 2027"),
}


def test_every_kind_the_form_offers_is_covered():
    assert {kind for kind, _label in KIND_CHOICES} == set(EXPECTED)


@pytest.mark.parametrize("kind", EXPECTED)
def test_a_report_on_each_kind_of_period_is_made(kind, private_root, scenario, leader_user):
    period = Period(2026, kind)
    report = render(
        by=leader_user,
        kind=Report.Kind.BAN,
        period=str(period),
        as_of=period.end + datetime.timedelta(days=5),
    )
    assert report.status == Report.Status.READY
    text = flat(text_of(private_root / report.file.name, "-raw"))
    summary, next_heading = EXPECTED[kind]
    assert summary in text
    assert f"NHIỆM VỤ TRỌNG TÂM {next_heading}" in text
