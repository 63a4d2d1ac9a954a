"""Generated reports (PDF jobs with their state machine) and the log of e-mails already sent."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directives.models import Directive
from khoagiao.periods import PeriodField
from khoagiao.scoping import province_field, scoped_manager
from organizations.access import VisibleQuerySet, head_of, sees_everything
from organizations.models import Organization


class ReportQuerySet(VisibleQuerySet):
    """The archive is the Ban's: staff, leaders and admins see it. Of the unit roles only a unit's
    head sees anything: the reports about its own unit that the Ban has submitted for approval,
    from then on (it approves or returns them, organizations.access.REPORT_APPROVERS); a draft
    the Ban is still writing, the Ban's and the directives' reports are not for it. A liaison sees
    none (the base class's of_unit)."""

    def visible_to(self, viewer):
        if sees_everything(viewer):
            return self
        unit = head_of(viewer)
        if unit is None:
            return self.none()
        return self.filter(kind=Report.Kind.UNIT, organization_id=unit, stage__in=Report.HEAD_STAGES)

    def active(self):
        return self.filter(status__in=(Report.Status.QUEUED, Report.Status.RENDERING))


class Report(models.Model):
    """One PDF job: what to report on, who or which schedule asked, and where the job stands.

    QUEUED → RENDERING → READY, or FAILED with a message in Vietnamese. The worker claims a QUEUED
    row; a READY row is never rendered again (docs/operations.md, "A job's life")."""

    class Kind(models.TextChoices):
        BAN = "ban", _("Periodic report of the Ban")
        UNIT = "unit", _("Report of one unit")
        DIRECTIVE = "directive", _("Implementation of one directive")

    class Stage(models.TextChoices):
        """Where a drafted report stands (blank: rendered straight away on request, as before)."""

        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the leaders")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved, being issued")
        ISSUED = "issued", _("Issued")

    # The stages in which a unit's head sees its unit's report: from the Ban's submission on.
    HEAD_STAGES = (Stage.SUBMITTED, Stage.RETURNED, Stage.APPROVED, Stage.ISSUED)

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField("ID", primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BAN)
    period = PeriodField(_("period"))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    # The figures are counted as on this day (task buckets depend on the date).
    as_of = models.DateField(_("figures as of"))
    # "15-BC/BTGDVTU" when typed; blank leaves the number for the văn thư to fill in.
    number = models.CharField(_("number"), max_length=40, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    proposals = models.TextField(_("proposals"), blank=True)

    # The drafted report's own text, written by staff (reports.markup: paragraphs and "- " bullets).
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    results_text = models.TextField(_("results by field"), blank=True)
    limitations_text = models.TextField(_("limitations and causes"), blank=True)
    directions_text = models.TextField(_("directions for the next period"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A correction is a new report naming the issued one it replaces; the issued one never changes.
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requested_reports",
    )
    schedule_name = models.CharField(_("schedule"), max_length=200, blank=True)
    # sha256 of what was asked for: the same person asking twice while a job runs gets that job.
    params_hash = models.CharField(_("parameters (hash)"), max_length=64, editable=False)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    enqueued_at = models.DateTimeField(_("sent to the worker at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True)

    file = models.FileField(_("file"), max_length=255, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # The issued report's Word file, rendered from the same HTML as its PDF (reports.word).
    docx_file = models.FileField(_("Word file"), max_length=255, blank=True)
    docx_sha256 = models.CharField("SHA-256 (DOCX)", max_length=64, blank=True)

    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    province = province_field()

    objects = scoped_manager(ReportQuerySet)
    history = HistoricalRecords(excluded_fields=["heartbeat_at", "updated_at", "params_hash"])

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "params_hash"],
                condition=Q(status__in=["queued", "rendering"], requested_by__isnull=False),
                name="report_one_active_request_per_person",
            ),
            models.UniqueConstraint(
                fields=["province", "schedule_name", "period"],
                condition=~Q(schedule_name=""),
                name="report_once_per_schedule_and_period",
            ),
            models.CheckConstraint(
                condition=~Q(kind="unit") | Q(organization__isnull=False), name="report_unit_has_unit"
            ),
            models.CheckConstraint(
                condition=~Q(kind="directive") | Q(directive__isnull=False),
                name="report_directive_has_directive",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["period"]),
            models.Index(fields=["updated_at", "id"], name="report_updated_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.period.name if self.period else ''}"

    def get_absolute_url(self):
        return reverse("reports:detail", kwargs={"pk": self.pk})

    conflict_noun = _("report")

    @property
    def is_drafted(self):
        return bool(self.stage)

    @property
    def is_editable(self):
        """Staff write in a draft and in a report a leader returned; nothing else changes."""
        return self.stage in (self.Stage.DRAFT, self.Stage.RETURNED)

    @property
    def is_issued(self):
        return self.stage == self.Stage.ISSUED

    @property
    def is_finished(self):
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def waiting_for_broker(self):
        """Saved, but the broker could not be reached: the sweeper will send it."""
        return self.status == self.Status.QUEUED and self.enqueued_at is None

    @property
    def subject(self):
        """What the report is about, for lists and file names."""
        if self.kind == self.Kind.UNIT and self.organization_id:
            return self.organization.display_name
        if self.kind == self.Kind.DIRECTIVE and self.directive_id:
            return self.directive.number
        return _("Whole Khối Khoa giáo")

    def download_name(self):
        base = f"Báo cáo khoa giáo {self.period.name}"
        if self.kind != self.Kind.BAN:
            base += f" - {self.subject}"
        return base.replace("/", "-") + ".pdf"

    def docx_download_name(self):
        return self.download_name().removesuffix(".pdf") + ".docx"


class CommentQuerySet(VisibleQuerySet):
    parent = "report"


class ReportComment(models.Model):
    """A leader's or a staff member's word on a draft; returning a report needs one."""

    class Action(models.TextChoices):
        COMMENT = "comment", _("Comment")
        SUBMIT = "submit", _("Submitted to the leaders")
        RETURN = "return", _("Returned")
        APPROVE = "approve", _("Approved")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="comments"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default=Action.COMMENT)
    text = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = scoped_manager(CommentQuerySet, path="report__province")

    class Meta:
        verbose_name = _("comment on a report")
        verbose_name_plural = _("comments on reports")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.text[:60]}"

    # A comment is the record of who said what on the way to the register: written once, never
    # changed or deleted. The model refuses, the admin is read-only, and a trigger refuses UPDATE
    # and DELETE and a new comment on an issued report whatever the path (migration 0006).
    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RecordLocked("a comment on a report is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordLocked("a comment on a report is never deleted")


class RecordLocked(Exception):
    """A comment or a sent e-mail of a report was about to be changed or deleted."""


class Dispatch(models.Model):
    """The issued report sent by e-mail to one recipient of its Nơi nhận: claimed (SENDING) before
    sending, so that a retried task never sends it twice; a failed send gives its claim back; a
    sent one is SENT and is the mail log of the report: never changed or deleted (the model, the
    read-only admin and a trigger, migration 0006). A claim left SENDING by a crash is not sent
    again (it may have gone out): staff see it on the report's page."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="dispatches"
    )
    recipient = models.CharField(_("Recipient"), max_length=300)
    address = models.EmailField(_("e-mail address"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENDING)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = scoped_manager(models.QuerySet, path="report__province")

    class Meta:
        verbose_name = _("report sent by e-mail")
        verbose_name_plural = _("reports sent by e-mail")
        ordering = ["report", "recipient"]
        constraints = [models.UniqueConstraint(fields=["report", "address"], name="dispatch_once")]

    def __str__(self):
        return f"{self.report_id} → {self.address}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RecordLocked("a report sent by e-mail is recorded once; Dispatch.mark_sent confirms it")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordLocked(
            "the mail log of a report is never deleted; a failed claim is given back by give_back"
        )

    @classmethod
    def mark_sent(cls, *, report, address):
        """The one change a row makes: its claim confirmed after the mail went out."""
        return cls.objects.filter(report=report, address=address, status=cls.Status.SENDING).update(
            status=cls.Status.SENT
        )

    @classmethod
    def give_back(cls, *, report, address):
        """A failed send gives its claim back (the trigger lets only a SENDING row go)."""
        return cls.objects.filter(report=report, address=address, status=cls.Status.SENDING).delete()


class ProvinceTime(models.Model):
    """A province's own time for one of beat's jobs (the Ban's periodic report, the morning's
    reminders, the weekly digest). Beat's rows run for every province of the installation; a
    province whose Ban wants another time keeps one here, its admin edits it, and reports/times.py
    keeps a Periodic task of its own for it (`own_task`, with the province in its arguments),
    while the installation's job leaves that province out."""

    JOBS = ("reports.periodic_report", "reports.daily_reminders", "reports.weekly_digest")

    schedule = models.ForeignKey(
        "django_celery_beat.PeriodicTask",
        verbose_name=_("scheduled job"),
        on_delete=models.CASCADE,
        related_name="province_times",
        limit_choices_to={"task__in": JOBS, "own_province_time__isnull": True},
    )
    # celery's crontab fields, as beat's own schedules write them ("0", "7", "*", "1,4,7,10")
    minute = models.CharField(_("minute"), max_length=60, default="0")
    hour = models.CharField(_("hour"), max_length=60, default="7")
    day_of_month = models.CharField(_("day of the month"), max_length=60, default="*")
    month_of_year = models.CharField(_("month of the year"), max_length=60, default="*")
    day_of_week = models.CharField(_("day of the week"), max_length=60, default="*")
    own_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        verbose_name=_("the province's Periodic task"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="own_province_time",
    )
    province = province_field()

    objects = scoped_manager(VisibleQuerySet)

    class Meta:
        verbose_name = _("province's own time")
        verbose_name_plural = _("province's own times")
        constraints = [
            models.UniqueConstraint(fields=["province", "schedule"], name="province_time_once"),
        ]

    def __str__(self):
        return str(self.schedule)
