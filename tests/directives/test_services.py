"""The register's services: one history record per change (fields included), classified rules
enforced below the forms too."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from directives import services
from directives.models import DirectiveAttachment
from tests.directives.factories import PDF_BYTES, DirectiveFactory, central_body

pytestmark = pytest.mark.django_db


def _values(body, **extra):
    values = {
        "sequence": 57,
        "type_abbreviation": "NQ",
        "issuer_symbol": "TW",
        "doc_type": "nghi_quyet",
        "issuing_body": body,
        "term": 13,
        "issued_on": datetime.date(2024, 12, 22),
        "title": "Về đột phá phát triển khoa học, công nghệ",
    }
    values.update(extra)
    return values


def test_create_and_update_write_one_record_each_with_the_fields(staff_user, khoa_giao_fields):
    body = central_body("bct", "Bộ Chính trị", "TW", "party_committee")
    directive = services.directive_create(
        by=staff_user, fields=[khoa_giao_fields["khoa_hoc_cong_nghe"]], **_values(body)
    )
    assert directive.number == "57-NQ/TW"
    directive, changed = services.directive_update(
        directive=directive,
        by=staff_user,
        version=directive.version,
        fields=[khoa_giao_fields["khoa_hoc_cong_nghe"], khoa_giao_fields["giao_duc_dao_tao"]],
        signer="Tô Lâm",
    )
    assert changed
    records = list(directive.history.order_by("history_id"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert {row.field.code for row in records[1].fields.all()} == {"khoa_hoc_cong_nghe", "giao_duc_dao_tao"}
    assert set(records[1].diff_against(records[0]).changed_fields) == {"signer", "fields"}
    assert (
        services.directive_update(
            directive=directive, by=staff_user, version=directive.version, signer="Tô Lâm"
        )[1]
        is False
    )
    assert directive.history.count() == 2


def test_the_services_refuse_what_classified_entries_may_not_keep(staff_user, khoa_giao_fields):
    body = central_body("bct", "Bộ Chính trị", "TW", "party_committee")
    with pytest.raises(ValidationError, match="không lưu tóm tắt"):
        services.directive_create(by=staff_user, **_values(body, classification="mat", summary="Nội dung"))
    with pytest.raises(ValidationError, match="không lưu trích yếu"):
        services.directive_create(by=staff_user, **_values(body, classification="tuyet_mat"))
    secret = services.directive_create(by=staff_user, **_values(body, classification="toi_mat"))
    upload = SimpleUploadedFile("mat.pdf", PDF_BYTES, content_type="application/pdf")
    with pytest.raises(ValidationError, match=r"Không được đính kèm tệp cho văn bản mật \(Tối mật\)"):
        services.directive_attach(directive=secret, files=[upload], by=staff_user)
    assert not DirectiveAttachment.objects.exists()


def test_a_directive_with_files_cannot_become_classified(staff_user, khoa_giao_fields):
    directive = DirectiveFactory(issuing_body=central_body())
    upload = SimpleUploadedFile("128.pdf", PDF_BYTES, content_type="application/pdf")
    services.directive_attach(directive=directive, files=[upload], by=staff_user)
    with pytest.raises(ValidationError, match="tệp đính kèm"):
        services.directive_update(
            directive=directive, by=staff_user, version=directive.version, classification="mat"
        )
    directive.refresh_from_db()
    assert directive.classification == "none"


def test_removing_a_file_deletes_it_from_storage_after_commit(staff_user, django_capture_on_commit_callbacks):
    directive = DirectiveFactory(issuing_body=central_body())
    upload = SimpleUploadedFile("128.pdf", PDF_BYTES, content_type="application/pdf")
    (attachment,) = services.directive_attach(directive=directive, files=[upload], by=staff_user)
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.directive_attachment_delete(attachment=attachment, by=staff_user)
    assert not storage.exists(name)
