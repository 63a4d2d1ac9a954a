"""Giao ban meetings of the Khối Khoa giáo, each unit's report to them, and their outcome."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import CoordinationAgreement
from directives.models import ReviewMilestone
from khoagiao.files import PrivateAttachment
from khoagiao.periods import PeriodField
from khoagiao.text import fold, nfc, search_terms
from organizations.models import Organization


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A liaison sees the meetings its unit was invited to."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self
        if user.is_liaison and user.organization_id:
            invited = Meeting.objects.filter(invited=user.organization_id).values("id")
            return self.filter(id__in=invited)
        return self.none()

    def search(self, query):
        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs


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
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[invited, attended], excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="giao_ban") | Q(period__isnull=False), name="meeting_giao_ban_has_period"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.search_text = fold(f"{self.title} {self.place} {self.chair_name}")
        super().save(*args, **kwargs)


class MeetingReport(models.Model):
    """Báo cáo của đơn vị: what one unit brings to the meeting."""

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


class MeetingAttachment(PrivateAttachment):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(PrivateAttachment.Meta):
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")
