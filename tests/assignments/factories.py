import datetime

import factory

from assignments.models import Task, TaskAttachment, TaskUpdate
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory, UserFactory

# The smallest file that is really what its name says (the upload checks sniff the content).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


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


class TaskUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskUpdate

    task = factory.SubFactory(TaskFactory)
    organization = factory.LazyAttribute(lambda o: o.task.lead)
    posted_by = factory.SubFactory(UserFactory)
    reported_on = factory.LazyAttribute(lambda o: o.task.assigned_on)
    text = factory.Sequence(lambda n: f"Đã triển khai phần việc số {n}")


class TaskAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskAttachment

    task = factory.SubFactory(TaskFactory)
    file = factory.django.FileField(data=PDF_BYTES, filename="bao-cao.pdf")
    original_name = "Báo cáo tiến độ.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(UserFactory)
