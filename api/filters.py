"""The lists' filters: named and behaving as on the pages (the pages' own FilterSets where they
have one), plus `updated_since` on every list. Filters only narrow a queryset that already went
through visible_to, so no value can widen what a key or user sees."""

import re

import django_filters
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from agreements.filters import AgreementFilter
from assignments.filters import TaskFilter
from assignments.models import TaskUpdate
from directives.filters import DirectiveFilter
from khoagiao.periods import KIND_CHOICES
from meetings.models import Meeting
from organizations.models import Field, Organization
from reports.models import Report

UPDATED_SINCE_HELP = _(
    "Only what changed at or after this moment (ISO 8601 with the time zone, e.g. "
    "2026-04-01T00:00:00+07:00): give the updated_at of the last row read, less a few minutes."
)


def updated_since(field_name="updated_at"):
    return django_filters.IsoDateTimeFilter(
        field_name=field_name, lookup_expr="gte", label=_("Changed since"), help_text=UPDATED_SINCE_HELP
    )


class OrganizationApiFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices)
    level = django_filters.ChoiceFilter(choices=Organization.Level.choices)
    updated_since = updated_since()

    class Meta:
        model = Organization
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


@extend_schema_field(OpenApiTypes.INT)
class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit by its id (the page's select box sends the same)."""


class DirectiveApiFilter(DirectiveFilter):
    # The page offers the years that have directives; any year is a question here.
    year = django_filters.NumberFilter(field_name="issued_on__year", label=_("Year"))
    updated_since = updated_since()

    def __init__(self, *args, **kwargs):
        # Not the page's __init__: it lists the years of the register for its select box.
        django_filters.FilterSet.__init__(self, *args, **kwargs)


class AgreementApiFilter(AgreementFilter):
    updated_since = updated_since()


class MeetingApiFilter(django_filters.FilterSet):
    """The meeting list's filter bar (meetings/views/meetings.py)."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    year = django_filters.NumberFilter(field_name="starts_at__year", label=_("Year"))
    period = django_filters.ChoiceFilter(choices=KIND_CHOICES, method="filter_period", label=_("Period"))
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices, label=_("Status"))
    updated_since = updated_since()

    class Meta:
        model = Meeting
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_period(self, queryset, name, value):
        return queryset.filter(period__endswith=f"-{value}")


SOURCE = re.compile(r"^(directive|meeting|agreement):\d{1,18}$")


class TaskApiFilter(TaskFilter):
    """The task list's filters (assignments/filters.py) without the page's choice lists: a source
    is given as on the page ("directive:12") and matches only among the visible tasks."""

    # A function, not a queryset: one made at import keeps the province scope of that moment
    # (organizations.access.page says more).
    unit = UnitFilter(
        label=_("Unit"), queryset=lambda request: Organization.objects.all(), method="filter_unit"
    )
    source = django_filters.CharFilter(
        label=_("Source"),
        method="filter_source",
        validators=[
            RegexValidator(
                SOURCE, _("Give a source as on the pages: directive:12, meeting:3 or agreement:5.")
            )
        ],
    )
    sort = None  # the API's order is its cursor's (last change, then id)
    updated_since = updated_since()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        from django.utils import timezone

        # The page's __init__ builds its select boxes from every visible task; an API client
        # needs none of them, so the FilterSet's own __init__ runs instead.
        django_filters.FilterSet.__init__(self, data, queryset, request=request, prefix=prefix)
        self.user = request.user
        self.today = timezone.localdate()
        self.filters["field"].queryset = Field.objects.all()

    def filter_source(self, queryset, name, value):
        if not SOURCE.match(value):
            from rest_framework.exceptions import ValidationError

            raise ValidationError(
                {"source": [_("Give a source as on the pages: directive:12, meeting:3 or agreement:5.")]}
            )
        return super().filter_source(queryset, name, value)


class TaskUpdateApiFilter(django_filters.FilterSet):
    task = django_filters.NumberFilter(field_name="task_id", label=_("Task"))
    # Updates are never changed once posted: "changed" is "posted".
    updated_since = updated_since("created_at")

    class Meta:
        model = TaskUpdate
        fields = []


class ReportApiFilter(django_filters.FilterSet):
    """The report archive's filters (reports/forms.py)."""

    year = django_filters.NumberFilter(method="filter_year", label=_("Year"))
    period = django_filters.ChoiceFilter(choices=KIND_CHOICES, method="filter_period", label=_("Period"))
    kind = django_filters.ChoiceFilter(choices=Report.Kind.choices, label=_("Report"))
    status = django_filters.ChoiceFilter(choices=Report.Status.choices, label=_("Status"))
    updated_since = updated_since()

    class Meta:
        model = Report
        fields = []

    def filter_year(self, queryset, name, value):
        return queryset.filter(period__startswith=f"{int(value)}-")

    def filter_period(self, queryset, name, value):
        return queryset.filter(period__endswith=f"-{value}")
