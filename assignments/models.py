"""Tasks (nhiệm vụ) from directives, meetings and coordination programmes, and their progress."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import AgreementItem
from directives.models import Directive
from khoagiao.files import PrivateAttachment
from khoagiao.text import fold, nfc, search_terms
from organizations.models import Field, Organization


class Bucket(models.TextChoices):
    """The government's four follow-up buckets, derived from dates, plus cancelled."""

    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    OPEN = "open", _("Not done, within deadline")
    OVERDUE = "overdue", _("Not done, overdue")
    CANCELLED = "cancelled", _("Cancelled")


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff, leaders and admins see all tasks; a liaison those its unit leads or supports."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self
        if user.is_liaison and user.organization_id:
            org = user.organization_id
            supported = Task.cooperating.through.objects.filter(organization_id=org).values("task_id")
            return self.filter(Q(lead_id=org) | Q(id__in=supported))
        return self.none()

    def with_bucket(self, today=None):
        """Annotate `bucket` (a Bucket value) computed in SQL for `today` (local date)."""
        today = today or timezone.localdate()
        return self.annotate(
            bucket=Case(
                When(cancelled_on__isnull=False, then=Value(Bucket.CANCELLED.value)),
                When(
                    completed_on__isnull=False,
                    completed_on__lte=F("due_on"),
                    then=Value(Bucket.DONE_ON_TIME.value),
                ),
                When(completed_on__isnull=False, then=Value(Bucket.DONE_LATE.value)),
                When(due_on__gte=today, then=Value(Bucket.OPEN.value)),
                default=Value(Bucket.OVERDUE.value),
                output_field=models.CharField(),
            )
        )

    def in_bucket(self, bucket, today=None):
        return self.with_bucket(today).filter(bucket=bucket)

    def open(self):
        return self.filter(completed_on__isnull=True, cancelled_on__isnull=True)

    def search(self, query):
        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs


class Task(models.Model):
    """A nhiệm vụ with a lead unit (chủ trì), cooperating units (phối hợp) and a deadline.
    Its bucket is never stored: it follows from due_on, completed_on and cancelled_on."""

    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    # Where it comes from: at least one of the three.
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    agreement_item = models.ForeignKey(
        AgreementItem,
        verbose_name=_("agreement item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    lead = models.ForeignKey(
        Organization, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    cooperating = models.ManyToManyField(
        Organization, verbose_name=_("cooperating units"), blank=True, related_name="supported_tasks"
    )
    field = models.ForeignKey(
        Field, verbose_name=_("field"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    assigned_on = models.DateField(_("assigned on"), default=timezone.localdate)
    due_on = models.DateField(_("due on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: a save must name the version it was loaded at.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[cooperating], excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(directive__isnull=False)
                | Q(meeting__isnull=False)
                | Q(agreement_item__isnull=False),
                name="task_has_source",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_percent"),
            models.CheckConstraint(condition=Q(due_on__gte=F("assigned_on")), name="task_due_after_assigned"),
        ]
        indexes = [
            models.Index(fields=["due_on"]),
            models.Index(fields=["lead", "due_on"]),
            models.Index(fields=["completed_on"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.description = nfc(self.description) or ""
        self.search_text = fold(self.title)
        super().save(*args, **kwargs)

    def bucket_on(self, today=None):
        """The same rule as TaskQuerySet.with_bucket, for one task in Python."""
        today = today or timezone.localdate()
        if self.cancelled_on:
            return Bucket.CANCELLED
        if self.completed_on:
            return Bucket.DONE_ON_TIME if self.completed_on <= self.due_on else Bucket.DONE_LATE
        return Bucket.OPEN if self.due_on >= today else Bucket.OVERDUE

    @property
    def bucket(self):
        return Bucket(self.__dict__["bucket"]) if "bucket" in self.__dict__ else self.bucket_on()


class TaskUpdate(models.Model):
    """A báo cáo tiến độ. Updates are never edited or deleted: the timeline is the history."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="updates")
    organization = models.ForeignKey(
        Organization, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="task_updates"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        related_name="task_updates",
    )
    reported_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("progress report"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    marks_done = models.BooleanField(_("task completed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100), name="task_update_progress_percent"
            ),
        ]

    def __str__(self):
        return f"{self.task} — {self.reported_on:%d/%m/%Y}"


class TaskAttachment(PrivateAttachment):
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="attachments"
    )
    update = models.ForeignKey(
        TaskUpdate,
        verbose_name=_("progress update"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )

    class Meta(PrivateAttachment.Meta):
        verbose_name = _("task attachment")
        verbose_name_plural = _("task attachments")
