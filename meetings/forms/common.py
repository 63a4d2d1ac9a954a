"""What the meeting forms share: dates typed dd/mm/yyyy, and the units a meeting deals with."""

from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from organizations.models import KhoiMembership, Organization

DATE_PLACEHOLDER = "dd/mm/yyyy"


def date_field(label, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"],
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric"}
        ),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy, for example 25/06/2026.")},
    )


def unit_queryset(user, *extra_ids, day=None):
    """Units a meeting deals with: the province's sở and associations and every Khối Khoa giáo
    member (past ones too, so that an earlier meeting can be recorded), plus the ids given (the
    organising Ban, units already chosen). With `day`, only the units that existed that day."""
    units = Q(
        level=Organization.Level.PROVINCE,
        kind__in=[Organization.Kind.DEPARTMENT, Organization.Kind.ASSOCIATION, Organization.Kind.OTHER],
    ) | Q(pk__in=KhoiMembership.objects.values("organization_id"))
    if day is not None:
        units &= (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )
    return (
        Organization.objects.visible_to(user)
        .filter(units | Q(pk__in=[pk for pk in extra_ids if pk]))
        .order_by(F("valid_to").desc(nulls_first=True), "name")
    )


def _unit_label(org):
    label = org.display_name
    if org.valid_to:
        label += " " + str(_("(until %(day)s)") % {"day": org.valid_to.strftime("%d/%m/%Y")})
    return label


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _unit_label(obj)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _unit_label(obj)
