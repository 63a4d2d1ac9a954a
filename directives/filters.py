"""The register's filter bar: type, issuing body, field, year, status, classification, search."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Field, Organization

from .models import Classification, Directive
from .numbering import VIETNAMESE_NAME

SELECT = forms.Select(attrs={"class": "form-select form-select-sm", "data-autosubmit": ""})


def _issuing_bodies(request):
    return Organization.objects.filter(issued_directives__isnull=False).distinct().order_by("level", "name")


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
        years = self.queryset.dates("issued_on", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(str(d.year), str(d.year)) for d in years]

    def search(self, queryset, name, value):
        return queryset.search(value)
