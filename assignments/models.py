"""Tasks (nhiệm vụ) from directives, meetings and coordination programmes, and their progress."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import AgreementItem
from directives.models import Classification, Directive
from khoagiao.files import PrivateAttachment
from khoagiao.scoping import province_field, scoped_manager
from khoagiao.text import fold, nfc, search_terms
from organizations.access import VisibleQuerySet
from organizations.models import Field, Organization


class Bucket(models.TextChoices):
    """The government's four follow-up buckets, derived from dates, plus cancelled."""

    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    OPEN = "open", _("Not done, within deadline")
    OVERDUE = "overdue", _("Not done, overdue")
    CANCELLED = "cancelled", _("Cancelled")


# "Due soon": an open task due within this many days, on the dashboard, the lists' filter and a
# liaison's home.
SOON_DAYS = 14

# How buckets are listed on pages: what needs attention first.
BUCKET_ORDER = (Bucket.OVERDUE, Bucket.OPEN, Bucket.DONE_LATE, Bucket.DONE_ON_TIME, Bucket.CANCELLED)

# The task list's "overdue and open first" order, without the day in it: open tasks (then, by due
# date, the overdue ones come before those still within their deadline), done late, done on time,
# cancelled. Being the same on every day, it is indexed (Task.Meta.indexes): the list's first page
# reads its rows from the index instead of sorting every task.
ATTENTION_RANK = Case(
    When(cancelled_on__isnull=False, then=Value(4)),
    When(completed_on__isnull=True, then=Value(0)),
    When(completed_on__gt=F("due_on"), then=Value(2)),
    default=Value(3),
    output_field=models.IntegerField(),
)

# The one rule for progress, shown next to the figure on every page that shows one.
PROGRESS_RULE = _(
    "Progress is the latest percentage reported by the lead unit (its liaison officer, or the Ban's "
    "staff on its behalf). A completed task is at 100 %; a cancelled task shows no percentage."
)


def bucket_conditions(today):
    """{bucket value: condition} on `today` (local date). They exclude each other and cover every
    task, so they serve both as with_bucket()'s CASE and as conditional counts (COUNT … FILTER),
    which let a breakdown group by its own key alone."""
    not_cancelled = Q(cancelled_on__isnull=True)
    done = not_cancelled & Q(completed_on__isnull=False)
    not_done = not_cancelled & Q(completed_on__isnull=True)
    return {
        Bucket.DONE_ON_TIME.value: done & Q(completed_on__lte=F("due_on")),
        Bucket.DONE_LATE.value: done & Q(completed_on__gt=F("due_on")),
        Bucket.OPEN.value: not_done & Q(due_on__gte=today),
        Bucket.OVERDUE.value: not_done & Q(due_on__lt=today),
        Bucket.CANCELLED.value: Q(cancelled_on__isnull=False),
    }


class TaskQuerySet(VisibleQuerySet):
    def of_unit(self, unit_id):
        """A unit sees the tasks it leads or supports."""
        supported = Task.cooperating.through.objects.filter(organization_id=unit_id).values("task_id")
        return self.filter(Q(lead_id=unit_id) | Q(id__in=supported))

    def with_bucket(self, today=None):
        """Annotate `bucket` (a Bucket value) computed in SQL for `today` (local date)."""
        conditions = bucket_conditions(today or timezone.localdate())
        return self.annotate(
            bucket=Case(
                *(When(condition, then=Value(bucket)) for bucket, condition in conditions.items()),
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

    def bucket_counts(self, today=None):
        """{bucket value: number of tasks} for this queryset, in one query."""
        rows = self.with_bucket(today).order_by().values("bucket").annotate(n=models.Count("id"))
        counts = dict.fromkeys(Bucket.values, 0)
        counts.update({row["bucket"]: row["n"] for row in rows})
        return counts


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
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Moved by the database on every change: saves, queryset and bulk updates, the cooperating
    # units, a new progress update (khoagiao.stamps). The API's updated_since= reads it.
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Optimistic locking: a save must name the version it was loaded at.
    version = models.PositiveIntegerField(default=1, editable=False)

    province = province_field()

    objects = scoped_manager(TaskQuerySet)
    history = HistoricalRecords(m2m_fields=[cooperating], excluded_fields=["search_text", "updated_at"])

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
            # The dashboard counts a year's tasks by unit, field and directive: with these columns in
            # the index, PostgreSQL counts them from the index alone (an index-only scan).
            models.Index(
                fields=["due_on"],
                include=["id", "lead", "field", "directive", "completed_on", "cancelled_on"],
                name="task_due_on_covering",
            ),
            models.Index(ATTENTION_RANK, F("due_on"), F("id"), name="task_attention"),
            models.Index(fields=["lead", "due_on"]),
            models.Index(fields=["completed_on"]),
            # updated_since= and the API's order (last change, then id): a page is a range of it.
            models.Index(fields=["updated_at", "id"], name="task_updated_at"),
            # Open tasks are the few that people follow (overdue, due soon, the backlog): a small
            # index of them by due date, instead of walking every done task of the years; with the
            # keys in it, the dashboard counts them and a liaison's backlog from the index alone.
            models.Index(
                fields=["due_on"],
                include=["id", "lead", "field", "directive", "province"],
                condition=Q(completed_on__isnull=True, cancelled_on__isnull=True),
                name="task_open_due_on",
            ),
            # The same, province first: a province's dashboard and lists read its own open tasks,
            # not every province's (the one above serves the central Ban's reading of all).
            models.Index(
                fields=["province", "due_on"],
                include=["id", "lead", "field", "directive"],
                condition=Q(completed_on__isnull=True, cancelled_on__isnull=True),
                name="task_open_province_due_on",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.description = nfc(self.description) or ""
        self.search_text = fold(f"{self.title} {self.description}")
        if kwargs.get("update_fields") is not None and {"title", "description"} & set(
            kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("assignments:detail", kwargs={"pk": self.pk})

    def field_ids(self):
        """The ids of the fields the task is work of: its own field, or, when it has none, its
        directive's fields (a task from a directive on y tế is y tế work); empty when neither says.
        Reads the directive's fields prefetched (prefetch_related("directive__fields")) when they
        are; the reminder ladder's last step tells the leaders in charge of them."""
        if self.field_id:
            return frozenset({self.field_id})
        if self.directive_id:
            return frozenset(field.pk for field in self.directive.fields.all())
        return frozenset()

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

    @bucket.setter
    def bucket(self, value):
        # with_bucket() annotates rows with the bucket computed in SQL
        self.__dict__["bucket"] = value

    @property
    def is_closed(self):
        """Completed or cancelled: no more progress reports until the Ban reopens it."""
        return self.completed_on is not None or self.cancelled_on is not None

    @property
    def shown_progress(self):
        """The figure PROGRESS_RULE describes: None for a cancelled task."""
        if self.cancelled_on:
            return None
        return 100 if self.completed_on else self.progress

    @property
    def is_classified(self):
        """A task from a classified directive takes no attachments (docs/domain.md, classified)."""
        return self.directive_id is not None and self.directive.classification != Classification.NONE


def _tallies_of_provinces(ids):
    from organizations.models import Organization

    return Q(lead_pk__in=Organization._base_manager.filter(province__in=ids).values("pk"))


class TaskTally(models.Model):
    """How many tasks led by a unit, in a field, from a directive and due in a month are done on
    time, done late or cancelled: the dashboard's counts at any number of tasks.

    Database triggers keep it (migration 0005), so that every way of writing tasks counts: forms,
    imports, bulk and queryset updates, deletes. Only these three buckets are kept, because they do
    not change with the day they are counted on; open and overdue tasks are counted live, over the
    small index of open tasks. The keys are plain numbers, 0 for "no field" or "no directive", not
    foreign keys: a tally outlives the tasks it counted and must not hold their unit or directive.
    `manage.py recount_tasks` checks the tallies against the tasks and rebuilds them."""

    lead_pk = models.BigIntegerField(_("lead unit (number)"))
    field_pk = models.BigIntegerField(_("field (number)"))
    directive_pk = models.BigIntegerField(_("directive (number)"))
    month = models.DateField(_("month due"))  # the first day of the month the tasks are due in
    done_on_time = models.IntegerField(_("done on time"), default=0)
    done_late = models.IntegerField(_("done late"), default=0)
    cancelled = models.IntegerField(_("cancelled"), default=0)

    # The unit as a join for queries (`lead__province`), with no column and no constraint of its
    # own: the key stays the number above, whatever becomes of the unit.
    lead = models.ForeignObject(
        "organizations.Organization",
        on_delete=models.DO_NOTHING,
        from_fields=["lead_pk"],
        to_fields=["id"],
        related_name="+",
        null=True,
    )

    # A tally belongs to the province of the unit it counts.
    objects = scoped_manager(models.QuerySet, path=_tallies_of_provinces)

    class Meta:
        verbose_name = _("task tally")
        verbose_name_plural = _("task tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["lead_pk", "field_pk", "directive_pk", "month"], name="task_tally_key"
            ),
        ]
        # A period's tallies of every unit (the national view, a one-province installation's
        # dashboard) read from the index alone; the key above serves one province's units.
        indexes = [
            models.Index(
                fields=["month"],
                include=["lead_pk", "field_pk", "directive_pk", "done_on_time", "done_late", "cancelled"],
                name="task_tally_month",
            )
        ]

    def __str__(self):
        return f"{self.lead_pk}/{self.field_pk}/{self.directive_pk}/{self.month:%m/%Y}"


class YearTally(models.Model):
    """TaskTally's counts for a whole province and year: the tasks of a province, in a field, from a
    directive and due in a year that are done on time, done late or cancelled.

    The national view reads every province's year at once, grouped by province, field and
    directive: from the monthly tallies that was some 44,000 rows joined to their unit for its
    province at 34 provinces and 1,000,000 tasks, from these a row per province, field and
    directive (some 2,500). Kept by triggers like TaskTally's (migration 0013), from the task's
    own province; checked and rebuilt with it by `manage.py recount_tasks`."""

    # A number as the other keys are (no constraint): a tally does not hold its province's row.
    province = models.ForeignKey(
        "organizations.Province",
        verbose_name=_("province"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the key below starts with the year, then the province
        related_name="+",
    )
    field_pk = models.BigIntegerField(_("field (number)"))
    directive_pk = models.BigIntegerField(_("directive (number)"))
    year = models.IntegerField(_("year due"))
    done_on_time = models.IntegerField(_("done on time"), default=0)
    done_late = models.IntegerField(_("done late"), default=0)
    cancelled = models.IntegerField(_("cancelled"), default=0)

    objects = scoped_manager(models.QuerySet)

    class Meta:
        verbose_name = _("yearly task tally")
        verbose_name_plural = _("yearly task tallies")
        constraints = [
            # The year first: the national view reads a year of every province, a province's
            # view a year of its own.
            models.UniqueConstraint(
                fields=["year", "province", "field_pk", "directive_pk"], name="year_tally_key"
            ),
        ]

    def __str__(self):
        return f"{self.province_id}/{self.field_pk}/{self.directive_pk}/{self.year}"


class TaskUpdateQuerySet(VisibleQuerySet):
    parent = "task"


class TaskUpdate(models.Model):
    """A báo cáo tiến độ. Updates are never edited or deleted: the timeline is the history.

    Who posts what: the lead unit's liaison (or the Ban's staff on the lead's behalf) reports text,
    an optional % and the "completed" flag; a cooperating unit's liaison reports text and files about
    its own part, never a % or completion. Cancelling and reopening (staff) are entries too."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        CANCELLED = "cancelled", _("Cancelled")
        REOPENED = "reopened", _("Reopened")

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
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROGRESS)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = scoped_manager(TaskUpdateQuerySet, path="task__province")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-reported_on", "-created_at", "-id"]
        indexes = [models.Index(fields=["created_at", "id"], name="task_update_created_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100), name="task_update_progress_percent"
            ),
        ]

    def __str__(self):
        return f"{self.task} — {self.reported_on:%d/%m/%Y}"


class TaskAttachmentQuerySet(VisibleQuerySet):
    parent = "task"  # an attachment is visible exactly when its task is


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

    objects = scoped_manager(TaskAttachmentQuerySet, path="task__province")

    class Meta(PrivateAttachment.Meta):
        verbose_name = _("task attachment")
        verbose_name_plural = _("task attachments")
