import datetime

import factory
from django.core.files.base import ContentFile

from directives.models import Directive, DirectiveAttachment, ReviewMilestone
from tests.factories import OrganizationFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def central_body(code="btgtw", name="Ban Tuyên giáo Trung ương", symbol="BTGTW", kind="party_board"):
    return OrganizationFactory(
        code=code, name=name, short_name=name, symbol=symbol, kind=kind, level="central"
    )


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive
        skip_postgeneration_save = True

    sequence = factory.Sequence(lambda n: n + 1)
    type_abbreviation = "HD"
    issuer_symbol = "BTGTW"
    doc_type = "huong_dan"
    issuing_body = factory.SubFactory(
        OrganizationFactory,
        code="btgtw",
        name="Ban Tuyên giáo Trung ương",
        symbol="BTGTW",
        kind="party_board",
        level="central",
    )
    issued_on = datetime.date(2023, 12, 22)
    title = factory.Sequence(lambda n: f"Hướng dẫn công tác khoa giáo số {n}")

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields.set(extracted)


class ReviewMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewMilestone

    directive = factory.SubFactory(DirectiveFactory)
    kind = "so_ket"
    due_on = datetime.date(2026, 6, 30)


class DirectiveAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectiveAttachment

    directive = factory.SubFactory(DirectiveFactory)
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="van-ban.pdf"))
    original_name = "van-ban.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(UserFactory)
