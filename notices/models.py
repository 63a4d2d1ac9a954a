"""Notices inside the portal, the reminder ladder's steps, and the mail outbox.

- A Notice tells one user about one object they may see (a task, a meeting): a link and a line of
  text. (recipient, key) is unique, so a job run twice, or two workers at once, make one notice.
- An Escalation is one step of a task's reminder ladder, claimed once per task, step and deadline
  (a changed deadline is a new ladder); the task's history shows it ("đã nhắc … ngày …").
- A Mail is an e-mail waiting in the outbox or sent. Its key is unique: claiming the key is what
  keeps a mail from being sent twice. A mail server that refuses leaves the row pending, and the
  sender job tries it again later; the notice itself is already in the portal.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khoagiao.scoping import province_field, scoped_manager
from organizations.access import SYSTEM, VisibleQuerySet, check_viewer


class OwnQuerySet(VisibleQuerySet):
    """Rows that belong to one user: theirs alone (the portal itself sees every one)."""

    owner = "recipient"

    def visible_to(self, viewer):
        check_viewer(viewer)
        if viewer is SYSTEM:
            return self
        if not (viewer.is_authenticated and viewer.is_active):
            return self.none()
        return self.filter(**{f"{self.owner}_id": viewer.pk})


class NoticeQuerySet(OwnQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Deadline coming")
        OVERDUE_HEAD = "overdue_head", _("Overdue: to the unit head")
        OVERDUE_BAN = "overdue_ban", _("Overdue: to the Ban")
        STALE = "stale", _("No progress update")
        REPORT_DUE = "report_due", _("Report to a giao ban due")
        REPORT_LATE = "report_late", _("Report to a giao ban late")
        REPORT_SUBMITTED = "report_submitted", _("Report waiting for approval")
        # A scheduled report: its draft to the staff, the finished report to the leaders.
        DRAFT_READY = "draft_ready", _("Draft report to write")
        REPORT_READY = "report_ready", _("Report ready")
        # A unit head's request about its unit's liaisons (organizations.services): to the
        # province's admins, then the decision to the head.
        LIAISON_REQUEST = "liaison_request", _("Liaison request to decide")
        LIAISON_DECIDED = "liaison_decided", _("Liaison request decided")

    # Escalations are mailed even to those who asked for no other mail.
    ESCALATIONS = frozenset({Kind.OVERDUE_HEAD, Kind.OVERDUE_BAN, Kind.REPORT_LATE})

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the notice is about: the path of its page (the portal's own, never an outside link).
    path = models.CharField(_("link"), max_length=300)
    text = models.CharField(_("text"), max_length=500)
    key = models.CharField(_("key"), max_length=120)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When it went out by mail (alone or in a digest); empty: not (yet) mailed.
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    province = province_field()

    objects = scoped_manager(NoticeQuerySet)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notice_once")]
        indexes = [
            # The bell's count: the unread notices of one user.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread"),
        ]

    def __str__(self):
        return self.text

    @property
    def is_escalation(self):
        return self.kind in self.ESCALATIONS


class PreferenceQuerySet(OwnQuerySet):
    owner = "user"


class EscalationQuerySet(VisibleQuerySet):
    parent = "task"


class Preference(models.Model):
    """How a user wants notices by e-mail. A user without a row gets the daily digest."""

    class Mail(models.TextChoices):
        EVERY = "every", _("Every notice")
        DIGEST = "digest", _("A daily digest")
        ESCALATIONS = "escalations", _("Only escalations")

    DEFAULT = Mail.DIGEST

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="notice_preference"
    )
    mail = models.CharField(_("e-mail"), max_length=12, choices=Mail.choices, default=DEFAULT)

    objects = scoped_manager(PreferenceQuerySet, path="user__province")

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")

    def __str__(self):
        return f"{self.user}: {self.get_mail_display()}"


class Escalation(models.Model):
    """One step of a task's reminder ladder, taken once per task, step and deadline (or, for a
    stale task, once per window of days without an update)."""

    class Step(models.TextChoices):
        BEFORE = "before", _("before the deadline")
        HEAD = "head", _("overdue: the unit head")
        BAN = "ban", _("overdue: the Ban")
        STALE = "stale", _("no progress update")

    task = models.ForeignKey("assignments.Task", on_delete=models.CASCADE, related_name="escalations")
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    # The deadline the step is about (for STALE: the day of the last update) and, for STALE, the
    # window of K days counted from it.
    deadline = models.DateField(_("deadline"))
    window = models.PositiveSmallIntegerField(default=0)
    fired_on = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Who was told, as names (the history reads it even after a user leaves).
    told = models.TextField(_("told"), blank=True)

    objects = scoped_manager(EscalationQuerySet, path="task__province")

    class Meta:
        verbose_name = _("reminder step")
        verbose_name_plural = _("reminder steps")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "step", "deadline", "window"], name="escalation_once")
        ]

    def __str__(self):
        return f"{self.task_id} {self.step} {self.deadline}"


class Mail(models.Model):
    """An e-mail in the outbox. Pending until the SMTP server accepted it."""

    key = models.CharField(_("key"), max_length=160, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    address = models.EmailField(_("address"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_try_at = models.DateTimeField(_("next try"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)

    province = province_field()

    objects = scoped_manager(OwnQuerySet)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["next_try_at"], condition=Q(sent_at__isnull=True), name="mail_pending")
        ]

    def __str__(self):
        return f"{self.subject} → {self.address}"
