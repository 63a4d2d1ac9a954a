import datetime

import pytest

from organizations.models import Organization, OrganizationChange
from tests.factories import OrganizationFactory

MERGER = datetime.date(2025, 3, 1)


@pytest.fixture
def merged():
    """Sở TN&MT and Sở NN&PTNT merged into Sở NN&MT on 01/03/2025; LĐTBXH gave functions away."""
    tnmt = OrganizationFactory(
        code="so-tnmt", name="Sở Tài nguyên và Môi trường", valid_to=datetime.date(2025, 2, 28)
    )
    nnptnt = OrganizationFactory(
        code="so-nnptnt", name="Sở Nông nghiệp và Phát triển nông thôn", valid_to=datetime.date(2025, 2, 28)
    )
    nnmt = OrganizationFactory(code="so-nnmt", name="Sở Nông nghiệp và Môi trường", valid_from=MERGER)
    change = OrganizationChange.objects.create(
        kind=OrganizationChange.Kind.MERGE, effective_on=MERGER, legal_basis="Nghị định 45/2025/NĐ-CP"
    )
    change.predecessors.set([tnmt, nnptnt])
    change.successors.set([nnmt])
    return tnmt, nnptnt, nnmt


@pytest.mark.django_db
def test_a_merged_department_names_its_successor_and_keeps_its_own_record(merged):
    tnmt, nnptnt, nnmt = merged
    assert list(tnmt.successors) == [nnmt]
    assert set(nnmt.predecessors) == {tnmt, nnptnt}
    # The old unit still exists under its own name, for documents that were addressed to it.
    tnmt.refresh_from_db()
    assert tnmt.name == "Sở Tài nguyên và Môi trường"
    assert not tnmt.is_active_on(datetime.date(2025, 6, 1))
    assert tnmt.is_active_on(datetime.date(2024, 6, 1))
    assert tnmt.current_successor(datetime.date(2025, 6, 1)) == nnmt


@pytest.mark.django_db
def test_active_units_change_on_the_merger_day(merged):
    tnmt, nnptnt, nnmt = merged
    before = set(Organization.objects.active_on(datetime.date(2025, 2, 28)))
    after = set(Organization.objects.active_on(MERGER))
    assert {tnmt, nnptnt} <= before
    assert nnmt not in before
    assert nnmt in after
    assert not ({tnmt, nnptnt} & after)


@pytest.mark.django_db
def test_a_transfer_of_functions_is_not_succession():
    ldtbxh = OrganizationFactory(code="so-ldtbxh", valid_to=datetime.date(2025, 2, 28))
    noivu = OrganizationFactory(code="so-noivu")
    yte = OrganizationFactory(code="so-yte")
    absorb = OrganizationChange.objects.create(kind="absorb", effective_on=MERGER)
    absorb.predecessors.set([ldtbxh])
    absorb.successors.set([noivu])
    transfer = OrganizationChange.objects.create(kind="transfer", effective_on=MERGER)
    transfer.predecessors.set([ldtbxh])
    transfer.successors.set([yte])
    assert list(ldtbxh.successors) == [noivu]
    assert list(ldtbxh.function_recipients) == [yte]
    assert ldtbxh.current_successor(datetime.date(2025, 6, 1)) == noivu


@pytest.mark.django_db
def test_organisation_history_records_a_rename():
    org = OrganizationFactory(code="so-vhtt", name="Sở Văn hóa và Thể thao")
    org.name = "Sở Văn hóa, Thể thao và Du lịch"
    org.save()
    assert [h.name for h in org.history.order_by("history_date")] == [
        "Sở Văn hóa và Thể thao",
        "Sở Văn hóa, Thể thao và Du lịch",
    ]
