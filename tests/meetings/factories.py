import datetime

import factory
from django.utils import timezone

from khoagiao.periods import Period
from meetings.models import Meeting
from tests.factories import OrganizationFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hội nghị giao ban công tác khoa giáo số {n}")
    period = Period(2026, "H1")
    starts_at = factory.LazyFunction(lambda: timezone.make_aware(datetime.datetime(2026, 6, 25, 8, 0)))
    organizer = factory.SubFactory(
        OrganizationFactory, code="ban-test", name="Ban Tuyên giáo và Dân vận Tỉnh ủy", kind="party_board"
    )

    @factory.post_generation
    def invited(self, create, extracted, **kwargs):
        if create and extracted:
            self.invited.set(extracted)
