"""The forms of a unit's report and of a meeting's outcome: the conclusion and the rows of
findings, tasks and proposals."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directives.numbering import InvalidNumber, parse_number
from khoagiao.files import validate_upload
from khoagiao.text import nfc
from organizations.models import Field, Organization

from ..models import Finding
from ..services import CONCLUSION_FIELDS
from .common import UnitChoiceField, UnitMultipleChoiceField, _unit_label, date_field, unit_queryset


class ReportForm(forms.Form):
    results = forms.CharField(
        label=_("Results"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the unit did in the period, field by field."),
    )
    limitations = forms.CharField(
        label=_("Limitations and difficulties"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    proposals = forms.CharField(
        label=_("Proposals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the unit asks of the Ban, the Tỉnh ủy, the UBND tỉnh or central bodies."),
    )
    file = forms.FileField(
        label=_("Signed report (file)"),
        required=False,
        help_text=_("Optional: the signed and stamped report as PDF, Word or a photo."),
    )

    def __init__(self, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if self.submitting and not (data.get("results") or "").strip():
            self.add_error("results", _("Write the results before submitting the report."))
        return data


class ConclusionForm(forms.Form):
    number = forms.CharField(
        label=_("Number"),
        required=False,
        max_length=40,
        help_text=_("As printed, e.g. 12-TB/BTGDVTU. Leave blank until the văn thư gives the number."),
    )
    issued_on = date_field(_("Date of the notice"), required=False)
    speaker_title = forms.CharField(
        label=_("Position of the person concluding"),
        required=False,
        max_length=255,
        help_text=_("Printed as “kết luận của đồng chí …”; the chair's position if left blank."),
    )
    attended = UnitMultipleChoiceField(
        label=_("Units that attended"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the units whose representatives came: the notice names them as present."),
    )
    opening = forms.CharField(
        label=_("Opening paragraph"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leave blank to have it written from the meeting's date, place, chair and attendance."),
    )
    text = forms.CharField(
        label=_("Conclusion: overall direction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Printed at the start of part II, before the tasks."),
    )
    signing_authority = forms.CharField(
        label=_("Signing authority"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"list": "signing-authorities"}),
        help_text=_(
            "K/T TRƯỞNG BAN when a deputy signs, T/M … for a collective body; blank when the head signs."
        ),
    )
    signer_position = forms.CharField(label=_("Signer's position"), required=False, max_length=100)
    signer_name = forms.CharField(label=_("Signer's name"), required=False, max_length=150)
    recipients = forms.CharField(
        label=_("Recipients (Nơi nhận)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["attended"].queryset = unit_queryset(user, *[o.pk for o in meeting.invited.all()]).filter(
            Q(pk__in=meeting.invited.all()) | Q(pk__in=meeting.attended.all())
        )

    @staticmethod
    def initial_for(meeting, conclusion):
        from ..notice import DEFAULT_RECIPIENTS

        # Who came, as recorded; never every unit invited, which the notice would then name as
        # present when nobody had recorded attendance yet.
        attended = [o.pk for o in meeting.attended.all()]
        if conclusion is None:
            return {
                "speaker_title": meeting.chair_position,
                "signer_name": meeting.chair_name,
                "recipients": "\n".join(DEFAULT_RECIPIENTS),
                "attended": attended,
                "version": meeting.version,
            }
        return {
            **{name: getattr(conclusion, name) for name in CONCLUSION_FIELDS},
            "attended": attended,
            "version": meeting.version,
        }

    def clean_number(self):
        value = nfc(self.cleaned_data.get("number")) or ""
        if not value:
            return ""
        try:
            number = parse_number(value)
        except InvalidNumber as exc:
            raise ValidationError(str(exc)) from exc
        if number.abbreviation != "TB":
            raise ValidationError(
                _("A conclusion notice is a thông báo: its number reads like 12-TB/BTGDVTU.")
            )
        return str(number)

    def clean_issued_on(self):
        day = self.cleaned_data.get("issued_on")
        if day and day < self.meeting.local_start.date():
            raise ValidationError(_("The notice cannot be dated before the meeting."))
        return day


class RowForm(forms.Form):
    """A formset row: the hidden id of an existing row, or none for a new one."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def row(self):
        data = dict(self.cleaned_data)
        data["delete"] = data.pop("DELETE", False)
        return data


class RowChoices:
    """The unit and field choices of an outcome page, read once and shared by every formset row
    (a ModelChoiceField would otherwise query its choices again for each row it renders)."""

    def __init__(self, units):
        self.units = units
        self.unit_choices = [(org.pk, _unit_label(org)) for org in units]
        self.fields = Field.objects.all()
        self.field_choices = [(field.pk, field.name) for field in self.fields]

    def apply(self, form, name, kind):
        field = form.fields[name]
        field.queryset = self.units if kind == "unit" else self.fields
        choices = self.unit_choices if kind == "unit" else self.field_choices
        empty = [] if isinstance(field, forms.ModelMultipleChoiceField) else [("", field.empty_label)]
        field.choices = empty + choices


class FindingForm(RowForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Finding.Kind.choices, initial=Finding.Kind.RESULT)
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.none(), required=False)
    organization = UnitChoiceField(label=_("Unit"), queryset=Organization.objects.none(), required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        choices.apply(self, "field", "field")
        choices.apply(self, "organization", "unit")


class TaskItemForm(RowForm):
    title = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 2}))
    lead = UnitChoiceField(label=_("Lead unit"), queryset=Organization.objects.none())
    cooperating = UnitMultipleChoiceField(
        label=_("Cooperating units"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    due_on = date_field(_("Deadline"))
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.none(), required=False)

    def __init__(self, *args, choices, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        choices.apply(self, "lead", "unit")
        choices.apply(self, "cooperating", "unit")
        choices.apply(self, "field", "field")

    def clean(self):
        data = super().clean()
        if data.get("due_on") and data["due_on"] < self.meeting.local_start.date():
            self.add_error("due_on", _("The deadline must be after the meeting."))
        if data.get("lead") and data.get("lead") in (data.get("cooperating") or []):
            data["cooperating"] = [org for org in data["cooperating"] if org != data["lead"]]
        return data


class ProposalForm(RowForm):
    content = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 2}))
    from_organization = UnitChoiceField(
        label=_("Proposed by"), queryset=Organization.objects.none(), required=False
    )
    forwarded_to = forms.CharField(
        label=_("Forwarded to"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"list": "proposal-recipients"}),
    )
    response = forms.CharField(label=_("Response"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        choices.apply(self, "from_organization", "unit")


class RowFormSet(forms.BaseFormSet):
    def rows(self):
        """The rows to save: every filled or existing row, in order; blank new rows are skipped."""
        return [
            form.row()
            for form in self.forms
            if form.cleaned_data and (form.has_changed() or form.cleaned_data.get("id"))
        ]


def _formset(form, extra):
    return forms.formset_factory(
        form,
        formset=RowFormSet,
        extra=extra,
        can_delete=True,
        max_num=200,
        absolute_max=200,
        validate_max=True,
    )


FindingFormSet = _formset(FindingForm, 2)
TaskItemFormSet = _formset(TaskItemForm, 3)
ProposalFormSet = _formset(ProposalForm, 1)


def finding_initial(meeting):
    return [
        {"id": f.pk, "kind": f.kind, "field": f.field_id, "organization": f.organization_id, "text": f.text}
        for f in meeting.findings.all()
    ]


def task_item_initial(items):
    return [
        {
            "id": t.pk,
            "title": t.title,
            "lead": t.lead_id,
            "cooperating": [o.pk for o in t.cooperating.all()],
            "due_on": t.due_on,
            "field": t.field_id,
        }
        for t in items
    ]


def proposal_initial(meeting):
    return [
        {
            "id": p.pk,
            "content": p.content,
            "from_organization": p.from_organization_id,
            "forwarded_to": p.forwarded_to,
            "response": p.response,
        }
        for p in meeting.proposals.all()
    ]


SIGNING_AUTHORITIES = ["K/T TRƯỞNG BAN", "T/L TRƯỞNG BAN", "T/M BAN THƯỜNG VỤ"]
PROPOSAL_RECIPIENTS = [
    "Ban Thường vụ Tỉnh ủy",
    "Thường trực Tỉnh ủy",
    "Ủy ban nhân dân tỉnh",
    "Ban Tuyên giáo và Dân vận Trung ương",
]
