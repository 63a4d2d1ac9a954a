"""The demo register: the real directives with their dates and links; seeding twice changes nothing."""

import datetime

import pytest
from django.apps import apps

from demo import directives as demo
from demo import organizations as organizations_demo
from directives.models import Directive, ReviewMilestone

pytestmark = pytest.mark.django_db
D = datetime.date


def _state():
    models = [Directive, Directive.history.model, ReviewMilestone, ReviewMilestone.history.model]
    models.append(apps.get_model("directives", "HistoricalDirective_fields"))
    return {m._meta.label: sorted(map(str, m.objects.values_list())) for m in models}


def test_the_demo_register_is_real_and_seeding_twice_changes_nothing(khoa_giao_fields):
    organizations_demo.seed("mat-khau-thu-nghiem-2026")
    demo.seed()
    first = _state()
    demo.seed()
    assert _state() == first

    def get(number, day):
        return Directive.objects.get(number=number, issued_on=day)

    assert get("09-NQ/TW", D(2022, 1, 28)).issuing_body.code == "bct"
    assert "Khánh Hòa" in get("09-NQ/TW", D(2022, 1, 28)).title
    twenty = Directive.objects.filter(number="20-NQ/TW").order_by("issued_on")
    assert [(d.issued_on, d.term, d.issuing_body.code) for d in twenty] == [
        (D(2012, 11, 1), 11, "bch-tw"),
        (D(2017, 10, 25), 12, "bch-tw"),
    ]
    assert get("20-KH/TW", D(2023, 11, 28)).implements == get("45-NQ/TW", D(2023, 11, 24))
    d221 = get("221-QĐ/TW", D(2009, 4, 27))
    assert (d221.status, d221.replaced_by) == ("replaced", get("238-QĐ/TW", D(2020, 9, 30)))
    d128 = get("128-HD/BTGTW", D(2023, 12, 22))
    assert (d128.signer, d128.issuing_body.code, d128.fields.count()) == ("Vũ Thanh Mai", "btgtw", 9)
    assert get("66-QĐ/TW", D(2017, 2, 6)).doc_type == "quy_dinh"
    milestones = ReviewMilestone.objects.filter(directive__number="57-NQ/TW").order_by("due_on")
    assert milestones[0].result_document.number == "05-TB/BCĐTW"
    assert {m.kind for m in ReviewMilestone.objects.filter(directive__number="45-NQ/TW")} == {
        "so_ket",
        "tong_ket",
    }
    assert ReviewMilestone.objects.filter(directive__number="20-CT/TW", kind="tong_ket").exists()
