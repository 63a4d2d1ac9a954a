"""Every kind of period names the one after it (the "nhiệm vụ trọng tâm" part of a report)."""

import pytest
from django.utils import translation

from khoagiao.periods import KIND_CHOICES, Period

NEXT_NAMES = {
    "Q1": "quý II năm 2025",
    "Q2": "quý III năm 2025",
    "Q3": "quý IV năm 2025",
    "Q4": "quý I năm 2026",
    "H1": "6 tháng cuối năm 2025",
    "9M": "quý IV năm 2025",
    "Y": "năm 2026",
}


def test_the_expected_names_cover_every_kind_the_form_offers():
    assert {kind for kind, _label in KIND_CHOICES} == set(NEXT_NAMES)


@pytest.mark.parametrize(("kind", "expected"), NEXT_NAMES.items())
def test_every_period_names_the_period_after_it(kind, expected):
    with translation.override("vi"):
        assert Period(2025, kind).next_name == expected
