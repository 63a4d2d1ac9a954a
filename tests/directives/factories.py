import datetime

import factory

from directives.models import Directive, ReviewMilestone
from tests.factories import OrganizationFactory


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

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


class ReviewMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewMilestone

    directive = factory.SubFactory(DirectiveFactory)
    kind = "so_ket"
    due_on = datetime.date(2026, 6, 30)
