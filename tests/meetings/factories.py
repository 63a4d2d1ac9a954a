import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from khoagiao.periods import Period
from meetings.models import Conclusion, Finding, Meeting, MeetingAttachment, MeetingReport, Proposal, TaskItem
from tests.factories import OrganizationFactory, UserFactory

# The smallest valid PDF header is enough for the type sniffing of khoagiao.files.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hội nghị giao ban công tác khoa giáo số {n}")
    period = Period(2026, "H1")
    starts_at = factory.LazyFunction(lambda: timezone.make_aware(datetime.datetime(2026, 6, 25, 8, 0)))
    place = "Hội trường Tỉnh ủy"
    chair_name = "Trần Văn Hùng"
    chair_position = "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"
    report_due_on = datetime.date(2026, 6, 15)
    organizer = factory.SubFactory(
        OrganizationFactory,
        code="ban-test",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        short_name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        kind="party_board",
        symbol="BTGDVTU",
        heading="Ban Tuyên giáo và Dân vận",
        place_name="Khánh Hòa",
    )

    @factory.post_generation
    def invited(self, create, extracted, **kwargs):
        if create and extracted:
            self.invited.set(extracted)

    @factory.post_generation
    def attended(self, create, extracted, **kwargs):
        if create and extracted:
            self.attended.set(extracted)


class MeetingReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingReport

    meeting = factory.SubFactory(MeetingFactory)
    organization = factory.SubFactory(OrganizationFactory)
    results = "Tổ chức tuyên truyền Nghị quyết 57-NQ/TW đến 100% trường học."
    limitations = "Kinh phí còn hạn chế."
    submitted_at = factory.LazyFunction(lambda: timezone.make_aware(datetime.datetime(2026, 6, 10, 9, 0)))


class ConclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conclusion

    meeting = factory.SubFactory(MeetingFactory)
    text = "Đề nghị các đơn vị trong Khối tập trung thực hiện tốt các nhiệm vụ trọng tâm."
    signing_authority = "K/T TRƯỞNG BAN"
    signer_position = "PHÓ TRƯỞNG BAN"
    signer_name = "Trần Văn Hùng"
    recipients = "Thường trực Tỉnh ủy (b/c)\nCác đơn vị trong Khối Khoa giáo\nLưu VP"


def approved_meeting(**kwargs):
    """A meeting whose conclusion a leader approved (the state that locks it)."""
    meeting = MeetingFactory(status=Meeting.Status.CONCLUDED, **kwargs)
    ConclusionFactory(
        meeting=meeting,
        status=Conclusion.Status.APPROVED,
        number="12-TB/BTGDVTU",
        issued_on=datetime.date(2026, 6, 30),
        approved_at=timezone.now(),
        approved_by=UserFactory(username="leader-factory", role="leader"),
    )
    return meeting


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    meeting = factory.SubFactory(MeetingFactory)
    kind = Finding.Kind.RESULT
    text = factory.Sequence(lambda n: f"Kết quả số {n}")


class TaskItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskItem
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Nhiệm vụ trọng tâm số {n}")
    lead = factory.SubFactory(OrganizationFactory)
    due_on = datetime.date(2026, 12, 31)

    @factory.post_generation
    def cooperating(self, create, extracted, **kwargs):
        if create and extracted:
            self.cooperating.set(extracted)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    meeting = factory.SubFactory(MeetingFactory)
    content = factory.Sequence(lambda n: f"Kiến nghị số {n}")
    forwarded_to = "Ủy ban nhân dân tỉnh"


class MeetingAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttachment

    meeting = factory.SubFactory(MeetingFactory)
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="bien-ban.pdf"))
    original_name = "Biên bản hội nghị.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(UserFactory, username="uploader", role="staff")
