import datetime

import factory

from agreements.models import AgreementAttachment, AgreementItem, AgreementReview, CoordinationAgreement
from directives.models import Directive
from khoagiao.periods import Period
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory, UserFactory

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def basis_238():
    """Quy chế 238-QĐ/TW, created once per test database (its number is unique per issuer)."""
    existing = Directive.objects.filter(number="238-QĐ/TW").first()
    return existing or DirectiveFactory(
        sequence=238,
        type_abbreviation="QĐ",
        issuer_symbol="TW",
        doc_type="quyet_dinh",
        issued_on=datetime.date(2020, 9, 30),
        title="Quy chế phối hợp giữa ban tuyên giáo các cấp với cơ quan nhà nước cùng cấp",
    )


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinationAgreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Chương trình phối hợp số {n}")
    basis = factory.LazyFunction(basis_238)
    ban = factory.SubFactory(
        OrganizationFactory, code="ban-test", name="Ban Tuyên giáo và Dân vận Tỉnh ủy", kind="party_board"
    )
    starts_on = datetime.date(2022, 1, 1)
    ends_on = datetime.date(2025, 12, 31)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class AgreementItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementItem
        skip_postgeneration_save = True

    agreement = factory.SubFactory(AgreementFactory)
    order = factory.Sequence(lambda n: n + 1)
    content = factory.Sequence(lambda n: f"Nội dung phối hợp {n}")
    lead = factory.SubFactory(OrganizationFactory)

    @factory.post_generation
    def cooperating(self, create, extracted, **kwargs):
        if create and extracted:
            self.cooperating.set(extracted)


class AgreementReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementReview

    agreement = factory.SubFactory(AgreementFactory)
    period = Period(2024, "Y")
    result = "Các bên thực hiện đầy đủ nội dung phối hợp năm 2024."


class AgreementAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementAttachment

    agreement = factory.SubFactory(AgreementFactory)
    file = factory.django.FileField(data=PDF_BYTES, filename="chuong-trinh.pdf")
    original_name = "Chương trình phối hợp.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(UserFactory)
