"""Giao ban meetings of the Khối Khoa giáo, each unit's report to them, and their outcome.

The outcome of a meeting is its conclusion notice (thông báo kết luận, docs/domain.md, "Periods and
giao ban meetings"): findings
(results, limitations, causes), tasks for the next period, proposals with their answers, and the
conclusion itself with its signer. Staff record it; a leader approves it, which locks the meeting
and turns each task row into an assignments.Task; reopening needs a reason and keeps every
approved version (ConclusionVersion) next to the field-level history (simple-history).
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import CoordinationAgreement
from directives.models import ReviewMilestone
from khoagiao.files import PrivateAttachment
from khoagiao.periods import KIND_CHOICES, Period, PeriodField
from khoagiao.scoping import province_field, scoped_manager
from khoagiao.text import fold, nfc, search_terms
from organizations.access import VisibleQuerySet
from organizations.models import Field, Organization


def _count(queryset):
    """A correlated COUNT(*) subquery for `queryset` (already filtered on OuterRef("pk"))."""
    counted = queryset.order_by().values("meeting_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))


class MeetingQuerySet(VisibleQuerySet):
    def of_unit(self, unit_id):
        """A unit sees the meetings it was invited to."""
        invited = Meeting.invited.through.objects.filter(organization_id=unit_id)
        return self.filter(id__in=invited.values("meeting_id"))

    def reviewing(self, period):
        """The meetings that review `period` or a part of it, each annotated with `review_rank`.

        The rule for every page, report and reminder: a meeting belongs to the period it reviews
        (Meeting.period), never to the period in which it is held. A giao ban is usually held after
        its period has ended (the quý I meeting on 1 April, the 9-month one in October), so its date
        says nothing about the period it is for. A meeting without a period reviews none.

        A meeting reviews a part of `period` when the period it reviews ends within `period`:
        - a quarter takes its own meetings, and a 6-month, 9-month or year meeting ending with it
          (a province reporting quarterly holds the mid-year sơ kết instead of a quý II meeting);
        - 6 months takes the quý I, quý II and 6-month meetings;
        - 9 months takes those and the quý III and 9-month meetings;
        - a year takes every meeting of the year: quarters, 6 and 9 months, and the year's.

        `review_rank` orders them from the one that stands for the whole of `period` (see
        giao_ban_of): 0 for `period` itself, then the one ending last, the longer first."""
        period = Period.parse(period)
        parts = [Period(period.year, kind) for kind, _label in KIND_CHOICES]
        parts = sorted(
            (p for p in parts if p.end in period), key=lambda p: (p != period, -p.end.toordinal(), p.start)
        )
        rank = Case(
            *(When(period=str(p), then=Value(i)) for i, p in enumerate(parts)), output_field=IntegerField()
        )
        return self.filter(period__in=[str(p) for p in parts]).annotate(review_rank=rank)

    def giao_ban_of(self, period):
        """The one giao ban that stands for `period`: whose units' reports a report on `period`
        prints, whose missing reports the dashboard, the digest and the reminders name. None if
        there is none.

        It is the giao ban on `period` itself if there is one, else the one reviewing the latest
        part of it (a 6-month report without a 6-month meeting: the quý II meeting). With two giao
        ban on the same period, the one held last (or planned last) stands for it: a later meeting
        on a period takes over from an earlier one (rescheduled, or held again)."""
        return (
            self.reviewing(period)
            .filter(kind=Meeting.Kind.GIAO_BAN)
            .order_by("review_rank", "-starts_at", "-pk")
            .first()
        )

    def search(self, query):
        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs

    def giao_ban_held_by(self, organizer, period):
        """The giao ban meetings `organizer` holds for `period` (usually one; a postponed meeting
        held again makes two)."""
        return self.filter(kind=Meeting.Kind.GIAO_BAN, organizer=organizer, period=period)

    def with_report_counts(self):
        """Annotate invited_count, submitted_count and on_time_count (DHIS2's reporting rate and
        reporting rate on time) with one correlated subquery each, whatever the number of rows."""
        invited = Meeting.invited.through.objects.filter(meeting_id=OuterRef("pk"))
        submitted = MeetingReport.objects.filter(
            meeting_id=OuterRef("pk"),
            submitted_at__isnull=False,
            organization__meeting_invitations=F("meeting_id"),
        )
        on_time = submitted.filter(
            Q(meeting__report_due_on__isnull=True) | Q(submitted_at__date__lte=F("meeting__report_due_on"))
        )
        return self.annotate(
            invited_count=_count(invited), submitted_count=_count(submitted), on_time_count=_count(on_time)
        )


class Meeting(models.Model):
    """A hội nghị: giao ban for a period, a thematic meeting, a review, or a signing."""

    class Kind(models.TextChoices):
        GIAO_BAN = "giao_ban", _("Giao ban meeting")
        THEMATIC = "chuyen_de", _("Thematic meeting")
        REVIEW = "so_ket_tong_ket", _("Review meeting (sơ kết / tổng kết)")
        SIGNING = "ky_ket", _("Signing ceremony")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CONCLUDED = "concluded", _("Conclusion issued")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GIAO_BAN)
    title = models.CharField(_("title"), max_length=255)
    period = PeriodField(_("period"), null=True, blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    organizer = models.ForeignKey(
        Organization, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="organized_meetings"
    )
    chair_name = models.CharField(_("chaired by"), max_length=150, blank=True)
    chair_position = models.CharField(_("chair's position"), max_length=255, blank=True)
    invited = models.ManyToManyField(
        Organization, verbose_name=_("invited units"), blank=True, related_name="meeting_invitations"
    )
    attended = models.ManyToManyField(
        Organization, verbose_name=_("attending units"), blank=True, related_name="meetings_attended"
    )
    attendees_note = models.TextField(_("people attending"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    report_due_on = models.DateField(_("units' reports due on"), null=True, blank=True)
    milestone = models.ForeignKey(
        ReviewMilestone,
        verbose_name=_("review milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    agreement = models.ForeignKey(
        CoordinationAgreement,
        verbose_name=_("coordination agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Optimistic locking: every change through meetings.services bumps it, and a form saved from
    # an older version is refused instead of silently overwriting a colleague's work.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Moved by the database on every change of the meeting, its invitations, the units' reports and
    # the conclusion (khoagiao.stamps).
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    province = province_field()

    objects = scoped_manager(MeetingQuerySet)
    history = HistoricalRecords(m2m_fields=[invited, attended], excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["updated_at", "id"], name="meeting_updated_at")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="giao_ban") | Q(period__isnull=False), name="meeting_giao_ban_has_period"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.place = nfc(self.place) or ""
        self.chair_name = nfc(self.chair_name) or ""
        self.chair_position = nfc(self.chair_position) or ""
        self.agenda = nfc(self.agenda) or ""
        self.attendees_note = nfc(self.attendees_note) or ""
        self.period = Period.parse(self.period) if self.period else None
        with translation.override("vi"):
            period_name = self.period.name if self.period else ""
        self.search_text = fold(f"{self.title} {period_name} {self.place} {self.chair_name}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    @property
    def is_locked(self):
        """Once the conclusion is approved, nothing about the meeting changes until it is reopened."""
        return self.status == self.Status.CONCLUDED

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at)

    @property
    def report_deadline_passed(self):
        return self.report_due_on is not None and timezone.localdate() > self.report_due_on


def default_title(kind, period):
    """ "Hội nghị giao ban công tác khoa giáo 6 tháng đầu năm 2026" (Vietnamese: a document title)."""
    period = Period.parse(period) if period else None
    with translation.override("vi"):
        if kind == Meeting.Kind.GIAO_BAN and period:
            return f"Hội nghị giao ban công tác khoa giáo {period.name}"
        label = Meeting.Kind(kind).label if kind in Meeting.Kind.values else ""
        return f"{label} {period.name}".strip() if period else str(label)


class MeetingReportQuerySet(VisibleQuerySet):
    def of_unit(self, unit_id):
        """A unit reads its own report only, to a meeting it was invited to."""
        meetings = Meeting.objects.all().of_unit(unit_id).values("id")
        return self.filter(organization_id=unit_id, meeting_id__in=meetings)


class MeetingReport(models.Model):
    """Báo cáo của đơn vị: what one unit brings to the meeting.

    A report is a draft until it is submitted; `submitted_at` keeps the first submission, which
    is what timeliness is measured on (DHIS2's "on time"). A report submitted after the deadline
    is accepted and shown as late: the meeting is better with it than without it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="reports"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="meeting_reports"
    )
    results = models.TextField(_("results"), blank=True)
    limitations = models.TextField(_("limitations and difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), null=True, blank=True)

    objects = scoped_manager(MeetingReportQuerySet, path="meeting__province")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["meeting", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organization"], name="meeting_report_once_per_unit")
        ]

    def __str__(self):
        return f"{self.organization} — {self.meeting}"

    def save(self, *args, **kwargs):
        self.results = nfc(self.results) or ""
        self.limitations = nfc(self.limitations) or ""
        self.proposals = nfc(self.proposals) or ""
        super().save(*args, **kwargs)

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def is_late(self):
        due = self.meeting.report_due_on
        return self.is_submitted and due is not None and timezone.localdate(self.submitted_at) > due


class ConclusionQuerySet(VisibleQuerySet):
    def of_unit(self, unit_id):
        """A unit reads the conclusion of a meeting it was invited to once a leader approved it;
        a draft is the Ban's."""
        meetings = Meeting.objects.all().of_unit(unit_id).values("id")
        return self.filter(meeting_id__in=meetings, status=Conclusion.Status.APPROVED)


class OutcomeRowQuerySet(VisibleQuerySet):
    """Findings, task rows and proposals are part of the notice: visible with its conclusion."""

    def of_unit(self, unit_id):
        return self.filter(meeting__conclusion__in=Conclusion.objects.all().of_unit(unit_id))


class Conclusion(models.Model):
    """The thông báo kết luận of a meeting: its text, number and signer. The findings, task rows
    and proposals hang off the meeting so that each can be a row of a formset."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="conclusion"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Typed as printed ("12-TB/BTGDVTU"); blank until the văn thư gives the number.
    number = models.CharField(_("number"), max_length=40, blank=True)
    issued_on = models.DateField(_("date of the notice"), null=True, blank=True)
    # "kết luận của đồng chí <speaker_title> tại Hội nghị ...": usually the chair's position.
    speaker_title = models.CharField(_("position of the person concluding"), max_length=255, blank=True)
    opening = models.TextField(_("opening paragraph"), blank=True)
    text = models.TextField(_("conclusion"), blank=True)
    signing_authority = models.CharField(_("signing authority"), max_length=100, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = scoped_manager(ConclusionQuerySet, path="meeting__province")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self):
        return f"{self.number or '—'} {self.meeting}"

    def save(self, *args, **kwargs):
        for name in ("number", "speaker_title", "opening", "text", "signing_authority", "signer_position"):
            setattr(self, name, nfc(getattr(self, name)) or "")
        self.signer_name = nfc(self.signer_name) or ""
        self.recipients = "\n".join(line for line in (nfc(x) for x in self.recipients.splitlines()) if line)
        super().save(*args, **kwargs)

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def recipient_list(self):
        return [line for line in self.recipients.splitlines() if line.strip()]


class Finding(models.Model):
    """One assessment in the notice: a result, a limitation or a cause, for a field or a unit."""

    class Kind(models.TextChoices):
        RESULT = "result", _("Result")
        LIMITATION = "limitation", _("Limitation or difficulty")
        CAUSE = "cause", _("Cause")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.RESULT)
    field = models.ForeignKey(
        Field, verbose_name=_("field"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = scoped_manager(OutcomeRowQuerySet, path="meeting__province")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.text = nfc(self.text) or ""
        super().save(*args, **kwargs)


class TaskItem(models.Model):
    """A "nhiệm vụ trọng tâm" row of the notice. When the conclusion is approved it becomes an
    assignments.Task (through assignments.services.task_create) and is frozen from then on: the
    task is followed on its own page, and the notice keeps the wording it was issued with."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="task_items"
    )
    title = models.TextField(_("task"))
    lead = models.ForeignKey(
        Organization, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    cooperating = models.ManyToManyField(
        Organization, verbose_name=_("cooperating units"), blank=True, related_name="+"
    )
    due_on = models.DateField(_("deadline"))
    field = models.ForeignKey(
        Field, verbose_name=_("field"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The task made from this row when the conclusion was approved. A foreign key by string
    # reference: meetings does not import assignments (docs/architecture.md, import direction),
    # but the database keeps the link whole.
    task = models.OneToOneField(
        "assignments.Task",
        verbose_name=_("task"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="outcome_item",
    )

    objects = scoped_manager(OutcomeRowQuerySet, path="meeting__province")
    history = HistoricalRecords(m2m_fields=[cooperating])

    class Meta:
        verbose_name = _("task for the next period")
        verbose_name_plural = _("tasks for the next period")
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        return self.title[:80]

    def save(self, *args, **kwargs):
        self.title = nfc(self.title) or ""
        super().save(*args, **kwargs)

    @property
    def is_assigned(self):
        return self.task_id is not None


class Proposal(models.Model):
    """A kiến nghị, đề xuất raised at the meeting: from which unit, forwarded where, and the answer."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="proposals"
    )
    content = models.TextField(_("proposal"))
    from_organization = models.ForeignKey(
        Organization,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    forwarded_to = models.CharField(_("forwarded to"), max_length=255, blank=True)
    response = models.TextField(_("response"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = scoped_manager(OutcomeRowQuerySet, path="meeting__province")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        return self.content[:80]

    def save(self, *args, **kwargs):
        self.content = nfc(self.content) or ""
        self.forwarded_to = nfc(self.forwarded_to) or ""
        self.response = nfc(self.response) or ""
        super().save(*args, **kwargs)


class ConclusionVersionQuerySet(VisibleQuerySet):
    parent = "meeting"  # every approved version was issued to the invited units


class ConclusionVersion(models.Model):
    """What the leader approved, frozen: one row per approval, closed by the reopening that
    followed it (who, when, why). The notice as issued can always be read back from here."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="conclusion_versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    approved_at = models.DateTimeField(_("approved at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    objects = scoped_manager(ConclusionVersionQuerySet, path="meeting__province")

    class Meta:
        verbose_name = _("approved version of a conclusion")
        verbose_name_plural = _("approved versions of conclusions")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="conclusion_version_unique"),
        ]

    def __str__(self):
        return f"{self.meeting} v{self.number}"


class MeetingAttachmentQuerySet(VisibleQuerySet):
    def of_unit(self, unit_id):
        """Files of the meeting (minutes, photos) follow the meeting; a file a unit attached to its
        report follows the report, so one unit never sees another unit's report file."""
        meetings = Meeting.objects.all().of_unit(unit_id).values("id")
        reports = MeetingReport.objects.all().of_unit(unit_id).values("id")
        return self.filter(meeting_id__in=meetings).filter(Q(report__isnull=True) | Q(report_id__in=reports))


class MeetingAttachment(PrivateAttachment):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    report = models.ForeignKey(
        MeetingReport,
        verbose_name=_("unit report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )

    objects = scoped_manager(MeetingAttachmentQuerySet, path="meeting__province")

    class Meta(PrivateAttachment.Meta):
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")
