"""Forms of the register. Choice lists are narrowed to what the user may see (declared empty);
every refusal says why in Vietnamese, next to the field it is about."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import Field, Organization

from .models import Classification, Directive, ReviewMilestone
from .numbering import VIETNAMESE_NAME, InvalidNumber, InvalidTerm, format_term, parse_number, parse_term
from .services import EDITABLE, MILESTONE_FIELDS


def date_field(label, required=False):
    """dd/mm/yyyy shown and typed (the formats module also accepts 22-12-2023 and 2023-12-22)."""
    widget = forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
    )
    return forms.DateField(label=label, required=required, widget=widget)


class DirectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class DirectiveForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Number"),
        max_length=40,
        help_text=gettext_lazy("As printed, for example 128-HD/BTGTW or 238-QĐ/TW."),
    )
    doc_type = forms.ChoiceField(
        label=gettext_lazy("Document type"),
        required=False,
        help_text=gettext_lazy(
            "Leave empty to take it from the number; QĐ needs it (quyết định or quy định)."
        ),
    )
    issuing_body = forms.ModelChoiceField(
        label=gettext_lazy("Issuing body"), queryset=Organization.objects.none()
    )
    term = forms.CharField(
        label=gettext_lazy("Term (khóa)"),
        required=False,
        max_length=12,
        help_text=gettext_lazy("Roman or Arabic numerals: XIII or 13."),
    )
    issued_on = date_field(gettext_lazy("Issued on"), required=True)
    effective_on = date_field(gettext_lazy("Effective from"))
    signer = forms.CharField(label=gettext_lazy("Signed by"), required=False, max_length=150)
    title = forms.CharField(
        label=gettext_lazy("Title (trích yếu)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    fields = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Fields"),
        required=False,
        queryset=Field.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    implements = DirectiveChoiceField(
        label=gettext_lazy("Implements"),
        required=False,
        queryset=Directive.objects.none(),
        help_text=gettext_lazy("The directive this document carries out (20-KH/TW implements 45-NQ/TW)."),
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Directive.Status.choices)
    replaced_by = DirectiveChoiceField(
        label=gettext_lazy("Replaced by"), required=False, queryset=Directive.objects.none()
    )
    classification = forms.ChoiceField(
        label=gettext_lazy("Classification (độ mật)"),
        choices=Classification.choices,
        widget=forms.Select(attrs={"data-classification": ""}),
    )
    # The version the form was loaded at (khoagiao/locking.py); only an edit has one.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "number": instance.number,
                "doc_type": instance.doc_type,
                "issuing_body": instance.issuing_body_id,
                "term": format_term(instance.term),
                "issued_on": instance.issued_on,
                "effective_on": instance.effective_on,
                "signer": instance.signer,
                "title": instance.title,
                "summary": instance.summary,
                "fields": list(instance.fields.all()),
                "implements": instance.implements_id,
                "status": instance.status,
                "replaced_by": instance.replaced_by_id,
                "classification": instance.classification,
                "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].choices = [("", _("— from the number —"))] + [
            (value, VIETNAMESE_NAME[value]) for value, _label in Directive._meta.get_field("doc_type").choices
        ]
        self.fields["issuing_body"].queryset = Organization.objects.visible_to(user).order_by("level", "name")
        self.fields["fields"].queryset = Field.objects.all()
        others = Directive.objects.visible_to(user).order_by("-issued_on", "-sequence")
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        self.fields["implements"].queryset = others
        self.fields["replaced_by"].queryset = others
        if instance is None:
            del self.fields["version"]

    def clean_number(self):
        try:
            return parse_number(self.cleaned_data["number"])
        except InvalidNumber as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_term(self):
        try:
            return parse_term(self.cleaned_data["term"])
        except InvalidTerm as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        number, body = data.get("number"), data.get("issuing_body")
        if number:
            self._clean_doc_type(number, data)
            if body and body.symbol and body.symbol.upper() != number.issuer:
                self.add_error(
                    "number",
                    _("The issuer symbol %(symbol)s does not match %(body)s, whose symbol is %(expected)s.")
                    % {"symbol": number.issuer, "body": body.name, "expected": body.symbol},
                )
        issued, effective = data.get("issued_on"), data.get("effective_on")
        if issued and effective and effective < issued:
            self.add_error("effective_on", _("The effective date cannot be before the issue date."))
        if data.get("replaced_by") and data.get("status") != Directive.Status.REPLACED:
            self.add_error("status", _("A directive replaced by another has the status Replaced."))
        self._clean_classification(data)
        if number and body and issued and not self.errors:
            self._clean_unique(number, body, data.get("term"), issued)
        return data

    def _clean_doc_type(self, number, data):
        doc_type, allowed = data.get("doc_type"), number.types
        if not doc_type:
            if len(allowed) > 1:
                self.add_error(
                    "doc_type",
                    _("%(abbr)s is used by %(types)s: choose the document type.")
                    % {"abbr": number.abbreviation, "types": " / ".join(VIETNAMESE_NAME[t] for t in allowed)},
                )
            else:
                data["doc_type"] = allowed[0]
        elif doc_type not in allowed:
            self.add_error(
                "doc_type",
                _("%(type)s does not match the abbreviation %(abbr)s in the number.")
                % {"type": VIETNAMESE_NAME[doc_type], "abbr": number.abbreviation},
            )

    def _clean_classification(self, data):
        level = data.get("classification")
        if not level or level == Classification.NONE:
            return
        if data.get("summary"):
            self.add_error(
                "summary",
                _(
                    "Classified directives (Mật, Tối mật, Tuyệt mật) keep register fields only: "
                    "leave the summary empty."
                ),
            )
        if level == Classification.TUYET_MAT and data.get("title"):
            self.add_error("title", _("A Tuyệt mật directive keeps no trích yếu: leave it empty."))
        if self.instance is not None and self.instance.attachments.exists():
            self.add_error(
                "classification",
                _("This directive has attached files. Remove them before marking it as classified."),
            )

    def _clean_unique(self, number, body, term, issued):
        same = Directive.objects.filter(number=str(number), issuing_body=body)
        if self.instance is not None:
            same = same.exclude(pk=self.instance.pk)
        clash = same.filter(issued_on=issued).first() or (same.filter(term=term).first() if term else None)
        if clash:
            self.add_error(
                "number",
                _("%(number)s of %(body)s is already in the register (issued on %(date)s%(term)s).")
                % {
                    "number": clash.number,
                    "body": body.name,
                    "date": f"{clash.issued_on:%d/%m/%Y}",
                    "term": _(", term %(term)s") % {"term": clash.term_display} if clash.term else "",
                },
            )

    def service_values(self):
        """The cleaned values as directive_create / directive_update take them."""
        data = self.cleaned_data
        number = data["number"]
        values = {
            "sequence": number.sequence,
            "type_abbreviation": number.abbreviation,
            "issuer_symbol": number.issuer,
        }
        for name in EDITABLE:
            values.setdefault(name, data.get(name))
        for name in ("signer", "title", "summary"):
            values[name] = values[name] or ""
        return values, list(data.get("fields") or [])


class ReviewMilestoneForm(forms.ModelForm):
    covers_from = date_field(gettext_lazy("Covers from"))
    covers_to = date_field(gettext_lazy("Covers until"))
    due_on = date_field(gettext_lazy("Due on"), required=True)
    done_on = date_field(gettext_lazy("Done on"))
    result_document = DirectiveChoiceField(
        label=gettext_lazy("Result document"),
        required=False,
        queryset=Directive.objects.none(),
        help_text=gettext_lazy("The report or conclusion in the register that did the review, if any."),
    )

    class Meta:
        model = ReviewMilestone
        fields = list(MILESTONE_FIELDS)
        widgets = {"result_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result_document"].queryset = Directive.objects.visible_to(user).order_by("-issued_on")

    def clean(self):
        data = super().clean()
        start, end = data.get("covers_from"), data.get("covers_to")
        if start and end and end < start:
            self.add_error("covers_to", _("The period ends before it starts."))
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    description = forms.CharField(label=gettext_lazy("Description"), required=False, max_length=255)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx, .xls, .ods or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )
