"""The task list's filters (also used by the export, so a file holds exactly what the page lists).

The queryset handed in is already `Task.objects.visible_to(user).with_bucket(today)`; the choice
lists are built from it, so a liaison is never offered another unit's directive or meeting."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import CoordinationAgreement
from caching.pages import cached
from directives.models import Directive
from meetings.models import Meeting
from organizations.access import sees_everything
from organizations.models import Field, Organization
from organizations.provinces import days as province_days

from .models import ATTENTION_RANK, Bucket, Task, TaskUpdate, bucket_conditions

UNFINISHED = "unfinished"
SOURCE_TYPES = [
    ("directive", _("Directive")),
    ("meeting", _("Meeting")),
    ("agreement", _("Coordination programme")),
]
SORTS = {
    "attention": (ATTENTION_RANK, "due_on", "id"),
    "due": ("due_on", "id"),
    "-due": ("-due_on", "-id"),
    "-assigned": ("-assigned_on", "-id"),
    "title": ("title", "id"),
}
SORT_CHOICES = [
    ("attention", _("Overdue and open first")),
    ("due", _("Due date, earliest first")),
    ("-due", _("Due date, latest first")),
    ("-assigned", _("Newest assignments first")),
    ("title", _("Title")),
]
SELECT = {"class": "form-select form-select-sm"}


def last_update_expression():
    """The day a task was last reported on (its latest progress update), or assigned on if never:
    the clock of "no update in K days" (the stale reminder, notices/ladder.py, and this filter)."""
    latest = (
        TaskUpdate.objects.filter(task=OuterRef("pk"), kind=TaskUpdate.Kind.PROGRESS)
        .order_by()
        .values("task")
        .annotate(day=Max("reported_on"))
        .values("day")
    )
    return Greatest(Coalesce(Subquery(latest), F("assigned_on")), F("assigned_on"))


def stale_label():
    return _("No update in %(days)s days") % {"days": province_days("notices_stale_days")}


class TaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "type": "search"}),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        queryset=Organization.objects.none(),
        method="filter_unit",
        empty_label=_("All units"),
        widget=forms.Select(attrs=SELECT),
    )
    unit_role = django_filters.ChoiceFilter(
        label=_("Role of the unit"),
        choices=[("lead", _("as lead unit")), ("cooperating", _("as cooperating unit"))],
        empty_label=_("lead or cooperating"),
        method="filter_role",
        widget=forms.Select(attrs=SELECT),
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Field"),
        queryset=Field.objects.none(),
        empty_label=_("All fields"),
        widget=forms.Select(attrs=SELECT),
    )
    source_type = django_filters.ChoiceFilter(
        label=_("Source type"),
        choices=SOURCE_TYPES,
        empty_label=_("Any source"),
        method="filter_source_type",
        widget=forms.Select(attrs=SELECT),
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"),
        choices=[],
        empty_label=_("Any document"),
        method="filter_source",
        widget=forms.Select(attrs=SELECT),
    )
    bucket = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(UNFINISHED, _("Not done (within or past the deadline)")), *Bucket.choices],
        empty_label=_("Any status"),
        method="filter_bucket",
        widget=forms.Select(attrs=SELECT),
    )
    due_within = django_filters.NumberFilter(
        label=_("Due within (days)"),
        method="filter_due_within",
        min_value=0,
        max_value=3650,
        widget=forms.NumberInput(
            attrs={"class": "form-control form-control-sm", "min": 0, "inputmode": "numeric"}
        ),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    stale = django_filters.BooleanFilter(
        label="",  # "No update in K days", K from the settings (set in __init__)
        method="filter_stale",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_sort",
        widget=forms.Select(attrs=SELECT),
    )

    class Meta:
        model = Task
        fields = []

    def __init__(self, data=None, queryset=None, *, user, today=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.user = user
        self.today = today or timezone.localdate()
        # The units and sources to choose from: five queries, the same for the same audience until
        # a write, so kept like the dashboard's figures (caching/pages.py).
        units, sources = cached(
            "task-filter-choices", user, (), lambda: self._choices(queryset), today=self.today
        )
        self.filters["unit"].queryset = Organization.objects.filter(pk__in=units).order_by("name")
        self.filters["field"].queryset = Field.objects.all()
        self.filters["source"].extra["choices"] = sources
        self.filters["stale"].label = stale_label()

    def _choices(self, visible):
        # The units that lead or support a visible task, asked unit by unit (an index probe each):
        # "id IN (every visible task's lead)" read all the tasks, 384 ms of a search page at 1M.
        leads = Exists(visible.filter(lead_id=OuterRef("pk")))
        supported = Task.cooperating.through.objects.filter(organization_id=OuterRef("pk"))
        if not sees_everything(self.user):
            # The Ban sees every task; anyone else only the rows of theirs.
            supported = supported.filter(task_id__in=visible.values("id"))
        # Two questions, not one with OR: PostgreSQL runs "EXISTS … OR EXISTS …" as a subplan that
        # scans the tasks (87 ms at 1M), while each EXISTS alone is a semi-join on the index (0.2 ms).
        units = set(Organization.objects.filter(leads).values_list("pk", flat=True))
        units.update(Organization.objects.filter(Exists(supported)).values_list("pk", flat=True))
        return sorted(units), self._source_choices(visible)

    def _source_choices(self, visible):
        directives = Directive.objects.visible_to(self.user).filter(id__in=visible.values("directive_id"))
        meetings = Meeting.objects.visible_to(self.user).filter(id__in=visible.values("meeting_id"))
        agreements = CoordinationAgreement.objects.visible_to(self.user).filter(
            id__in=visible.values("agreement_item__agreement_id")
        )
        groups = [
            (_("Directives"), [(f"directive:{d.pk}", d.number) for d in directives.order_by("-issued_on")]),
            (
                _("Meetings"),
                [
                    (f"meeting:{m.pk}", f"{m.title} ({timezone.localtime(m.starts_at):%d/%m/%Y})")
                    for m in meetings.order_by("-starts_at")
                ],
            ),
            (
                _("Coordination programmes"),
                [
                    (f"agreement:{a.pk}", (a.number or a.title)[:90])
                    for a in agreements.order_by("-starts_on")
                ],
            ),
        ]
        return [(label, options) for label, options in groups if options]

    @property
    def qs(self):
        qs = super().qs
        if not self.is_bound or not self.form.is_valid() or not self.form.cleaned_data.get("sort"):
            qs = qs.order_by(*SORTS["attention"])
        return qs

    def filter_role(self, queryset, name, value):
        """The role alone: a liaison means its own unit; with a unit chosen, filter_unit applies it."""
        if self.form.cleaned_data.get("unit") or not (self.user.is_liaison and self.user.organization_id):
            return queryset
        return self.filter_unit(queryset, "unit", self.user.organization)

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_unit(self, queryset, name, value):
        role = self.form.cleaned_data.get("unit_role")
        led = Q(lead=value)
        supported = Q(id__in=Task.cooperating.through.objects.filter(organization=value).values("task_id"))
        if role == "lead":
            return queryset.filter(led)
        if role == "cooperating":
            return queryset.filter(supported)
        return queryset.filter(led | supported)

    def filter_source_type(self, queryset, name, value):
        column = {"directive": "directive", "meeting": "meeting", "agreement": "agreement_item"}[value]
        return queryset.filter(**{f"{column}__isnull": False})

    def filter_source(self, queryset, name, value):
        kind, _sep, pk = value.partition(":")
        lookup = {
            "directive": "directive_id",
            "meeting": "meeting_id",
            "agreement": "agreement_item__agreement_id",
        }
        return queryset.filter(**{lookup[kind]: int(pk)})

    # Buckets are filtered by their conditions on the dates rather than by the annotated CASE, so
    # that PostgreSQL can use the indexes (open and overdue: the small index of open tasks).
    def filter_bucket(self, queryset, name, value):
        if value == UNFINISHED:
            return queryset.open()
        return queryset.filter(bucket_conditions(self.today)[value])

    def filter_due_within(self, queryset, name, value):
        last = self.today + datetime.timedelta(days=int(value))
        return queryset.open().filter(due_on__gte=self.today, due_on__lte=last)

    def filter_overdue(self, queryset, name, value):
        return self.filter_bucket(queryset, name, Bucket.OVERDUE.value) if value else queryset

    def filter_stale(self, queryset, name, value):
        """Open tasks nobody has reported on for K days (the stale reminder's K)."""
        if not value:
            return queryset
        since = self.today - datetime.timedelta(days=province_days("notices_stale_days"))
        return queryset.open().annotate(last_update=last_update_expression()).filter(last_update__lte=since)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["attention"]))
