"""A central body's directive is read by every province of an installation; only the Ban of the
province that entered it changes its entry (Directive.recorded_in, Rule.recorder_only). Another
province's Ban still adds its own files and review milestones to it, which only it sees."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from directives import services
from directives.models import Directive, ReviewMilestone
from directives.services import directive_import_apply
from khoagiao.scoping import in_province
from organizations.models import Province
from tests.directives.factories import central_body
from tests.directives.sheets import xlsx
from tests.factories import OrganizationFactory, UserFactory
from tests.sign_in import sign_in

pytestmark = pytest.mark.django_db

NOTE = "được Ban Tuyên giáo và Dân vận Tỉnh ủy Khánh Hòa ghi vào sổ"


@pytest.fixture
def lai_chau(db):
    return Province.objects.create(code="lai-chau", name="Lai Châu")


@pytest.fixture
def people_b(lai_chau):
    with in_province(lai_chau):
        ban = OrganizationFactory(
            code="btgdvtu-lc", name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu", kind="party_board"
        )
        return {
            "staff": UserFactory(username="staff-lc", role="staff", organization=ban),
            "admin": UserFactory(username="admin-lc", role="admin", organization=ban, is_staff=True),
        }


@pytest.fixture
def entry(staff_user):
    """57-NQ/TW as Khánh Hòa's staff entered it."""
    return services.directive_create(
        by=staff_user,
        sequence=57,
        type_abbreviation="NQ",
        issuer_symbol="TW",
        doc_type="nghi_quyet",
        issuing_body=central_body("bct", "Bộ Chính trị", "TW", "party_committee"),
        term=13,
        issued_on=datetime.date(2024, 12, 22),
        title="Về đột phá phát triển khoa học, công nghệ",
    )


def test_the_province_that_entered_it_keeps_it_and_another_reads_it(entry, staff_user, people_b, lai_chau):
    assert entry.province_id is None
    assert entry.recorded_in.name == "Khánh Hòa"
    staff_b = people_b["staff"]
    with in_province(lai_chau):
        seen = Directive.objects.visible_to(staff_b).get(pk=entry.pk)
        with pytest.raises(PermissionDenied):
            services.directive_update(
                directive=seen, by=staff_b, version=seen.version, title="Sửa từ Lai Châu"
            )
        # Its own review milestone on the central directive: allowed, and Lai Châu's alone.
        services.milestone_create(
            directive=seen,
            by=staff_b,
            kind="so_ket",
            due_on=datetime.date(2026, 12, 31),
            title="Sơ kết tại Lai Châu",
        )
    entry.refresh_from_db()
    assert entry.title == "Về đột phá phát triển khoa học, công nghệ"
    assert not ReviewMilestone.objects.filter(directive=entry).exists()  # Khánh Hòa does not see it
    changed, moved = services.directive_update(
        directive=entry, by=staff_user, version=entry.version, title="Về đột phá phát triển KH&CN"
    )
    assert moved
    assert changed.title == "Về đột phá phát triển KH&CN"


def test_another_provinces_page_says_who_keeps_the_entry_and_refuses_the_edit(client, entry, people_b):
    sign_in(client, people_b["staff"])
    page = client.get(reverse("directives:detail", args=[entry.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert NOTE in text
    assert reverse("directives:update", args=[entry.pk]) not in text
    assert reverse("directives:milestone_create", args=[entry.pk]) in text  # its own milestones
    for method in (client.get, client.post):
        assert method(reverse("directives:update", args=[entry.pk])).status_code == 403


def test_the_entering_provinces_page_has_the_edit_button(client, entry, staff_user):
    sign_in(client, staff_user)
    text = client.get(reverse("directives:detail", args=[entry.pk])).content.decode()
    assert reverse("directives:update", args=[entry.pk]) in text
    assert NOTE not in text


def test_another_provinces_import_may_name_it_but_not_change_it(entry, people_b, lai_chau, tmp_path):
    headers = ["Số hiệu", "Ngày ban hành", "Cơ quan ban hành", "Khóa", "Loại văn bản", "Trích yếu"]
    same = [
        "57-NQ/TW",
        "22/12/2024",
        "bct",
        "XIII",
        "Nghị quyết",
        "Về đột phá phát triển khoa học, công nghệ",
    ]
    with in_province(lai_chau):
        path = xlsx(tmp_path / "giong.xlsx", headers=headers, rows=[same])
        plan, _log = directive_import_apply(path=path, file_name=path.name, by=people_b["admin"])
        assert plan.counts["unchanged"] == 1
        assert plan.is_valid
        changed = [*same[:5], "Trích yếu do Lai Châu sửa"]
        path = xlsx(tmp_path / "sua.xlsx", headers=headers, rows=[changed])
        plan, log = directive_import_apply(path=path, file_name=path.name, by=people_b["admin"])
    assert log is None
    assert not plan.is_valid
    (message,) = plan.error_messages
    assert "Dòng 2" in message
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Khánh Hòa" in message
    assert "Trích yếu" in message
    entry.refresh_from_db()
    assert entry.title == "Về đột phá phát triển khoa học, công nghệ"
