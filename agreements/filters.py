"""Filters of the programme list; choices come from the programmes the user may see."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

from .models import CoordinationAgreement

SELECT = {"class": "form-select form-select-sm"}


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "type": "search"}),
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        queryset=Organization.objects.none(),
        field_name="partners",
        empty_label=_("All partners"),
        widget=forms.Select(attrs=SELECT),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=CoordinationAgreement.Status.choices,
        empty_label=_("Any status"),
        widget=forms.Select(attrs=SELECT),
    )
    year = django_filters.NumberFilter(
        label=_("In force in year"),
        method="filter_year",
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "inputmode": "numeric"}),
    )

    class Meta:
        model = CoordinationAgreement
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        through = CoordinationAgreement.partners.through.objects.filter(
            coordinationagreement__in=queryset.values("id")
        )
        self.filters["partner"].queryset = Organization.objects.filter(
            id__in=through.values("organization_id")
        ).order_by("name")

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(starts_on__year__lte=year) & Q(ends_on__year__gte=year))
