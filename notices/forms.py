from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preference


class PreferenceForm(forms.Form):
    mail = forms.ChoiceField(
        label=_("Notices by e-mail"), choices=Preference.Mail.choices, widget=forms.RadioSelect
    )
