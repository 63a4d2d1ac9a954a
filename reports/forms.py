"""Forms of the reports app: the dashboard's filters, a report request, the archive's filters.
Choice lists start empty and are narrowed to what the user may see."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from directives.models import Directive
from khoagiao.periods import KIND_CHOICES, MAIN_KINDS, Period
from khoagiao.text import nfc
from organizations.models import Field, Organization
from organizations.provinces import current_province

from .dashboard import Filters, current_period
from .models import Report

SELECT = {"class": "form-select form-select-sm"}
NUMBER = re.compile(r"^\d{1,4}(-BC/[A-ZĐ0-9]{1,20})?$")


def _units():
    """Units one would filter or report on: the province's departments, associations and boards."""
    return Organization.objects.filter(level=Organization.Level.PROVINCE).exclude(
        kind=Organization.Kind.PARTY_COMMITTEE
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class DirectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        title = obj.title[:70] + ("…" if len(obj.title) > 70 else "")
        return f"{obj.number} — {title}" if title else obj.number


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, widget=forms.Select(attrs=SELECT)
    )
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("", _("Whole year"))] + [(k, label) for k, label in KIND_CHOICES if k != "Y"],
        widget=forms.Select(attrs=SELECT),
    )
    field = forms.ModelChoiceField(
        label=_("Field"),
        queryset=Field.objects.none(),
        required=False,
        empty_label=_("All fields"),
        widget=forms.Select(attrs=SELECT),
    )
    unit = UnitChoiceField(
        label=_("Lead unit"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All units"),
        widget=forms.Select(attrs=SELECT),
    )
    directive = forms.ModelChoiceField(
        queryset=Directive.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, data=None, *, user, today, years):
        # Unfiltered, the figures are this year's: the year box must say so, not show the first
        # year of the list (a task due next year puts that year first).
        super().__init__(data, initial={"year": today.year})
        self.today = today
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["field"].queryset = Field.objects.all()
        self.fields["unit"].queryset = _units().order_by("name")
        self.fields["directive"].queryset = Directive.objects.visible_to(user)

    def filters(self):
        """The filters to apply: the valid ones, the current year by default."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Filters(
            year=data.get("year") or self.today.year,
            kind=data.get("period") or "",
            field=data.get("field"),
            unit=data.get("unit"),
            directive=data.get("directive"),
        )


def period_choices(today):
    """The main periods (and quarters) of the last few years, newest first."""
    choices = []
    for year in range(today.year, today.year - 4, -1):
        group = [(str(Period(year, kind)), Period(year, kind).label) for kind, _label in KIND_CHOICES]
        group = [c for c in group if Period.parse(c[0]).start <= today]
        if group:
            choices.append((str(year), group))
    return choices


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Report"), choices=Report.Kind.choices, initial=Report.Kind.BAN, widget=forms.RadioSelect
    )
    period = forms.ChoiceField(label=_("Period"), widget=forms.Select(attrs={"class": "form-select"}))
    organization = UnitChoiceField(
        label=_("Unit"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Choose a unit"),
        help_text=_("For the report of one unit."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    directive = DirectiveChoiceField(
        label=_("Directive"),
        queryset=Directive.objects.none(),
        required=False,
        empty_label=_("Choose a directive"),
        help_text=_("For the report on one directive."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    number = forms.CharField(
        label=_("Number"),
        required=False,
        max_length=40,
        help_text=_("For example 15 or 15-BC/BTGDVTU; leave blank for the clerk to number it."),
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "15-BC/BTGDVTU"}),
    )
    signer_name = forms.CharField(
        label=_("Signed by"),
        required=False,
        max_length=150,
        help_text=_(
            "Printed under the signature. Left blank: the name set for the Ban's reports, or a blank "
            "line to sign and write by hand if none is set."
        ),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    proposals = forms.CharField(
        label=_("Proposals (part III)"),
        required=False,
        max_length=20000,
        help_text=_("Printed before the units' own proposals."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )

    draft = forms.BooleanField(
        label=_("As a draft to write and submit for approval"),
        help_text=_(
            "The report is numbered from the register of outgoing documents, dated and issued only "
            "when a leader approves it."
        ),
        required=False,
    )

    def __init__(self, data=None, *, user, today, initial=None):
        initial = {
            "period": str(current_period(today)),
            "signer_name": getattr(current_province(), "signer_name", ""),
            **(initial or {}),
        }
        super().__init__(data, initial=initial)
        self.fields["period"].choices = period_choices(today)
        self.fields["organization"].queryset = _units().active_on(today).order_by("name")
        self.fields["directive"].queryset = Directive.objects.visible_to(user).order_by(
            "-issued_on", "-sequence"
        )

    def clean_number(self):
        number = nfc(self.cleaned_data.get("number") or "").upper()
        if number.lower().startswith("số"):
            number = number[2:].strip()
        if number and not NUMBER.match(number):
            raise forms.ValidationError(_("Type the number as 15 or 15-BC/BTGDVTU."))
        return number

    def clean_signer_name(self):
        return nfc(self.cleaned_data.get("signer_name") or "")

    def clean_proposals(self):
        return nfc(self.cleaned_data.get("proposals") or "")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if cleaned.get("draft") and cleaned.get("number"):
            self.add_error("number", _("A draft takes its number from the register when it is approved."))
        if kind == Report.Kind.UNIT and not cleaned.get("organization"):
            self.add_error("organization", _("Choose the unit this report is about."))
        if kind == Report.Kind.DIRECTIVE and not cleaned.get("directive"):
            self.add_error("directive", _("Choose the directive this report is about."))
        return cleaned

    @property
    def period_value(self):
        return Period.parse(self.cleaned_data["period"])


STATUS_CHOICES = [("", _("Any status"))] + list(Report.Status.choices)
KIND_FILTER_CHOICES = [("", _("Any report"))] + list(Report.Kind.choices)


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, empty_value=None, widget=forms.Select(attrs=SELECT)
    )
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("", _("Any period"))] + [(k, label) for k, label in KIND_CHOICES if k in MAIN_KINDS],
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label=_("Report"), required=False, choices=KIND_FILTER_CHOICES, widget=forms.Select(attrs=SELECT)
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=STATUS_CHOICES, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, data=None, *, today):
        super().__init__(data)
        self.fields["year"].choices = [("", _("Any year"))] + [
            (y, str(y)) for y in range(today.year, today.year - 6, -1)
        ]

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("year") and data.get("period"):
            queryset = queryset.filter(period=Period(data["year"], data["period"]))
        elif data.get("year"):
            queryset = queryset.filter(period__startswith=f"{data['year']}-")
        elif data.get("period"):
            queryset = queryset.filter(period__endswith=f"-{data['period']}")
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        return queryset
