"""Forms for coordination programmes. Choice lists are declared empty and filled for the user."""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models import Classification, Directive
from khoagiao.periods import KIND_CHOICES, Period
from organizations.models import Organization

from .models import CoordinationAgreement

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
BASIS_NUMBERS = ("238-QĐ/TW", "221-QĐ/TW")


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_ATTRS),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy, for example 30/06/2026.")},
        **kwargs,
    )


def province_units(*current):
    """Units that can sign or take part in a programme today, plus those it already names."""
    today = timezone.localdate()
    keep = [org.pk for org in current if org is not None]
    active = (
        Q(level=Organization.Level.PROVINCE)
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=today))
    )
    return Organization.objects.filter(active | Q(pk__in=keep)).distinct().order_by("kind", "name")


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.is_active_on() else f"{obj.name} ({_('former unit')})"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class BasisChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} — {obj.title[:90]}" if obj.title else obj.number


class AgreementForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=40, required=False)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    basis = BasisChoiceField(label=_("Basis"), queryset=Directive.objects.none())
    ban = UnitChoiceField(label=_("Ban"), queryset=Organization.objects.none())
    partners = UnitMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "unit-checks"}),
        error_messages={"required": _("Choose at least one partner organisation.")},
    )
    starts_on = date_field(_("Covers from"))
    ends_on = date_field(_("Covers until"))
    signed_on = date_field(_("Signed on"), required=False)
    signed_place = forms.CharField(label=_("Signed at"), max_length=150, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=CoordinationAgreement.Status.choices)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = [agreement.ban, *agreement.partners.all()] if agreement else []
        self.fields["basis"].queryset = (
            Directive.objects.visible_to(user)
            .filter(classification=Classification.NONE)
            .annotate(
                key=Case(
                    When(number__in=BASIS_NUMBERS, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("key", "-issued_on")
        )
        units = province_units(*current)
        self.fields["ban"].queryset = units.filter(
            Q(kind=Organization.Kind.PARTY_BOARD) | Q(pk=agreement.ban_id if agreement else None)
        )
        self.fields["partners"].queryset = units
        if agreement is None:
            del self.fields["version"]

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The programme cannot end before it starts."))
        return data


class ItemForm(forms.Form):
    """One content item; `id` is checked by the service against the programme's own items."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    order = forms.IntegerField(
        label=_("No."), min_value=0, max_value=999, widget=forms.NumberInput(attrs={"class": "item-order"})
    )
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 2}))
    lead = UnitChoiceField(label=_("Lead unit"), queryset=Organization.objects.none())
    cooperating = UnitMultipleChoiceField(
        label=_("Cooperating units"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    timeline = forms.CharField(label=_("Timeline"), max_length=255, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = units
        self.fields["cooperating"].queryset = units


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        ids = [f.cleaned_data.get("id") for f in self.forms if f.cleaned_data and f.cleaned_data.get("id")]
        if len(ids) != len(set(ids)):
            raise forms.ValidationError(_("The same item was sent twice; reload the page and try again."))

    def items(self):
        """Plain dicts for agreements.services.agreement_save; untouched blank rows are skipped."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if not data:
                continue
            rows.append({**data, "delete": data.get("DELETE", False)})
        return rows


ItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=2, can_delete=True, max_num=100)


def item_initial(agreement):
    return [
        {
            "id": item.pk,
            "order": item.order,
            "content": item.content,
            "lead": item.lead_id,
            "cooperating": [org.pk for org in item.cooperating.all()],
            "timeline": item.timeline,
        }
        for item in agreement.items.prefetch_related("cooperating")
    ]


def period_choices(agreement):
    years = range(agreement.starts_on.year, max(agreement.ends_on.year, timezone.localdate().year) + 1)
    return [(str(Period(y, kind)), Period(y, kind).label) for y in years for kind, _label in KIND_CHOICES]


class ReviewForm(forms.Form):
    period = forms.ChoiceField(label=_("Period reviewed"))
    reviewed_on = date_field(_("Reviewed on"), required=False)
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 5}))
    reviewed_in = forms.CharField(
        label=_("Reviewed in"),
        max_length=255,
        required=False,
        help_text=_("The meeting or report that reviewed it, e.g. “Hội nghị giao ban khoa giáo năm 2024”."),
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(agreement)

    def clean_period(self):
        return Period.parse(self.cleaned_data["period"])
