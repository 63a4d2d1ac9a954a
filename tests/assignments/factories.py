import datetime

import factory

from assignments.models import Task
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Nhiệm vụ tuyên truyền số {n}")
    directive = factory.SubFactory(DirectiveFactory)
    lead = factory.SubFactory(OrganizationFactory)
    assigned_on = datetime.date(2026, 1, 5)
    due_on = datetime.date(2026, 12, 31)

    @factory.post_generation
    def cooperating(self, create, extracted, **kwargs):
        if create and extracted:
            self.cooperating.set(extracted)
