"""The register's filter bar: type, issuing body, field, year, status, classification, search."""

import django_filters
from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from organizations.access import sees_everything
from organizations.models import Field, Organization

from .models import Classification, Directive
from .numbering import VIETNAMESE_NAME

SELECT = forms.Select(attrs={"class": "form-select form-select-sm", "data-autosubmit": ""})


def _issuing_bodies(request):
    # A semi-join, an index probe per body: the join with DISTINCT read every directive (360 ms at
    # 100,000 directives, most of a search page).
    issued = Exists(Directive.objects.filter(issuing_body_id=OuterRef("pk")))
    return Organization.objects.filter(issued).order_by("level", "name")


# The years in which any directive was issued, newest first, one index probe per year (a "loose
# index scan"): DISTINCT over the years read the whole table, 100 ms at 100,000 directives.
YEARS_SQL = """
    WITH RECURSIVE latest(day) AS (
        SELECT max(issued_on) FROM directives_directive
        UNION ALL
        SELECT (SELECT max(issued_on) FROM directives_directive
                WHERE issued_on < date_trunc('year', latest.day)::date)
        FROM latest WHERE latest.day IS NOT NULL
    )
    SELECT extract(year FROM day)::int FROM latest WHERE day IS NOT NULL
"""


def _years(queryset, user):
    if user is not None and sees_everything(user) and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(YEARS_SQL)
            return [year for (year,) in cursor.fetchall()]
    # A unit's own directives are few; SQLite (`make run`) is small.
    return [day.year for day in queryset.dates("issued_on", "year", order="DESC")]


class DirectiveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-sm",
                "placeholder": _("Number, title or signer; accents optional"),
                "type": "search",
            }
        ),
    )
    doc_type = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=[(k, VIETNAMESE_NAME[k]) for k in VIETNAMESE_NAME],
        empty_label=_("All"),
        widget=SELECT,
    )
    issuing_body = django_filters.ModelChoiceFilter(
        label=_("Issuing body"), queryset=_issuing_bodies, empty_label=_("All"), widget=SELECT
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Field"),
        field_name="fields",
        queryset=Field.objects.all(),
        empty_label=_("All"),
        widget=SELECT,
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="issued_on__year", empty_label=_("All"), widget=SELECT
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Directive.Status.choices, empty_label=_("All"), widget=SELECT
    )
    classification = django_filters.ChoiceFilter(
        label=_("Classification"), choices=Classification.choices, empty_label=_("All"), widget=SELECT
    )

    class Meta:
        model = Directive
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user if self.request is not None else None
        years = _years(self.queryset, user)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def search(self, queryset, name, value):
        return queryset.search(value)
