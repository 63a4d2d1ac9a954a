import datetime

import factory

from agreements.models import AgreementItem, CoordinationAgreement
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinationAgreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Chương trình phối hợp số {n}")
    basis = factory.SubFactory(
        DirectiveFactory,
        sequence=238,
        type_abbreviation="QĐ",
        issuer_symbol="TW",
        doc_type="quyet_dinh",
        issued_on=datetime.date(2020, 9, 30),
    )
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

    agreement = factory.SubFactory(AgreementFactory)
    content = factory.Sequence(lambda n: f"Nội dung phối hợp {n}")
    lead = factory.SubFactory(OrganizationFactory)
