"""The unit head's forms on the page of its unit's liaisons (organizations/views.py). The checks
that matter are the services'; a refusal comes back onto these forms' fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class LiaisonAddForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_(
            "The account's messages go there. An account of the unit without a role that has it is named."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note for the administrator"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LiaisonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        details = [part for part in (user.position, user.email) if part]
        name = user.get_full_name() or user.username
        return f"{name} ({', '.join(details)})" if details else name


class LiaisonWithdrawForm(forms.Form):
    person = LiaisonChoiceField(
        label=_("Liaison to withdraw"),
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    note = forms.CharField(
        label=_("Reason (for the administrator)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.liaisons_of(organization)
