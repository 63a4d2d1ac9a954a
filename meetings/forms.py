"""Forms of the meetings pages. Choices are narrowed to what the user may see and what makes
sense for the meeting (declared empty, filled in __init__); dates are typed dd/mm/yyyy."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.numbering import InvalidNumber, parse_number
from khoagiao.files import validate_upload
from khoagiao.periods import Period, period_choices
from khoagiao.text import nfc
from organizations.models import Field, KhoiMembership, Organization

from .models import Conclusion, Finding, Meeting

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


class KhoiCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that carry each unit's Khối Khoa giáo membership spans, so that meetings.js can
    tick the members on the meeting date when the date changes (the server ticks today's)."""

    spans = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = getattr(value, "value", value)
        if key in self.spans:
            option["attrs"]["data-khoi"] = self.spans[key]
        return option


def khoi_spans():
    """{organisation id: "2021-01-01..2025-02-28 2025-03-01.."} in one query."""
    spans = {}
    for org_id, start, end in KhoiMembership.objects.values_list("organization_id", "valid_from", "valid_to"):
        span = f"{start.isoformat()}..{end.isoformat() if end else ''}"
        spans[org_id] = f"{spans[org_id]} {span}" if org_id in spans else span
    return spans


def _period_years(*extra):
    this_year = timezone.localdate().year
    years = set(range(this_year - 5, this_year + 2)) | {y for y in extra if y}
    return sorted(years, reverse=True)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Meeting.Kind.choices)
    period = forms.ChoiceField(
        label=_("Period"), required=False, help_text=_("Required for a giao ban meeting.")
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=255,
        help_text=_(
            "Leave blank for the usual title, e.g. “Hội nghị giao ban công tác khoa giáo quý I năm 2026”."
        ),
    )
    day = date_field(_("Date"))
    time = forms.TimeField(
        label=_("Time"),
        input_formats=["%H:%M", "%Hh%M", "%H.%M", "%Hh"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a time as hh:mm, for example 08:00 or 14:00.")},
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=255)
    organizer = forms.ModelChoiceField(label=_("Organised by"), queryset=Organization.objects.none())
    chair_name = forms.CharField(label=_("Chaired by"), required=False, max_length=150)
    chair_position = forms.CharField(
        label=_("Chair's position"),
        required=False,
        max_length=255,
        help_text=_("As written in the notice, e.g. “Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy”."),
    )
    report_due_on = date_field(
        _("Units' reports due on"),
        required=False,
        help_text=_("Units may still report after it; late reports are marked."),
    )
    invited = UnitMultipleChoiceField(
        label=_("Invited units"),
        queryset=Organization.objects.none(),
        required=False,
        widget=KhoiCheckboxes,
        help_text=_("The members of the Khối Khoa giáo on the meeting date are ticked for a new meeting."),
    )
    attended = UnitMultipleChoiceField(
        label=_("Units that attended"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendees_note = forms.CharField(
        label=_("Other people attending"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. “lãnh đạo Ban Tuyên giáo và Dân vận Tỉnh ủy, đại diện Văn phòng UBND tỉnh”."),
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    # Shown only when the meeting would be a second giao ban of its Ban for its period.
    second_for_period = forms.BooleanField(
        label=_("Record a second giao ban for this period"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.meeting = meeting
        # The other giao ban of the same Ban and period, for the page to name: a note on an edited
        # meeting that already shares its period, a question before a save that would make one.
        self.same_period = None
        if meeting is not None:
            self.same_period = self._same_period(meeting.kind, meeting.organizer, meeting.period)
        chosen = (
            [o.pk for o in meeting.invited.all()] + [o.pk for o in meeting.attended.all()] if meeting else []
        )
        units = unit_queryset(user, *chosen)
        self.fields["invited"].queryset = units
        self.fields["attended"].queryset = units
        self.fields["invited"].widget.spans = khoi_spans()
        organizers = Organization.objects.visible_to(user).filter(kind=Organization.Kind.PARTY_BOARD)
        if meeting:
            organizers = organizers | Organization.objects.filter(pk=meeting.organizer_id)
        self.fields["organizer"].queryset = organizers.distinct().order_by("name")
        years = _period_years(meeting.period.year if meeting and meeting.period else None)
        self.fields["period"].choices = [("", "—")] + period_choices(years)

    @classmethod
    def initial_for(cls, *, meeting=None, user=None):
        if meeting is not None:
            start = meeting.local_start
            return {
                "kind": meeting.kind,
                "period": str(meeting.period) if meeting.period else "",
                "title": meeting.title,
                "day": start.date(),
                "time": start.time(),
                "place": meeting.place,
                "organizer": meeting.organizer_id,
                "chair_name": meeting.chair_name,
                "chair_position": meeting.chair_position,
                "report_due_on": meeting.report_due_on,
                "invited": [o.pk for o in meeting.invited.all()],
                "attended": [o.pk for o in meeting.attended.all()],
                "attendees_note": meeting.attendees_note,
                "agenda": meeting.agenda,
                "version": meeting.version,
            }
        today = timezone.localdate()
        organizer = (
            user.organization
            if user and user.organization and user.organization.kind == "party_board"
            else None
        )
        return {
            "kind": Meeting.Kind.GIAO_BAN,
            "period": str(Period.latest_ended(today + datetime.timedelta(days=20))),
            "time": datetime.time(8, 0),
            "organizer": organizer.pk if organizer else None,
            "invited": list(Organization.objects.khoi_members(today).values_list("pk", flat=True)),
        }

    def clean_period(self):
        value = self.cleaned_data.get("period")
        return Period.parse(value) if value else None

    def clean(self):
        data = super().clean()
        if data.get("kind") == Meeting.Kind.GIAO_BAN and not data.get("period"):
            self.add_error("period", _("A giao ban meeting is for a period: choose it."))
        day = data.get("day")
        if day:
            for name in ("invited", "attended"):
                gone = [org for org in data.get(name) or [] if not org.is_active_on(day)]
                if gone:
                    self.add_error(
                        name,
                        _("%(units)s did not exist on %(day)s; invite the unit that carries on its work.")
                        % {"units": ", ".join(o.display_name for o in gone), "day": day.strftime("%d/%m/%Y")},
                    )
            if data.get("organizer") and not data["organizer"].is_active_on(day):
                self.add_error("organizer", _("This body did not exist on the meeting date."))
            if data.get("report_due_on") and data["report_due_on"] > day:
                self.add_error("report_due_on", _("Reports must be due on or before the meeting date."))
        invited = set(data.get("invited") or [])
        extra = [org for org in data.get("attended") or [] if org not in invited]
        if extra:
            data["invited"] = list(invited | set(extra))
        self._check_same_period(data)
        return data

    def _same_period(self, kind, organizer, period):
        if kind != Meeting.Kind.GIAO_BAN or organizer is None or period is None:
            return None
        others = Meeting.objects.visible_to(self.user).giao_ban_of(organizer, period)
        if self.meeting is not None:
            others = others.exclude(pk=self.meeting.pk)
        others = list(others.order_by("starts_at", "pk"))
        if not others:
            return None
        return {"organizer": organizer, "period": period, "meetings": others, "ask": False}

    def _check_same_period(self, data):
        """Two giao ban of one Ban for one period are usually the same meeting entered twice, and
        sometimes a postponed meeting held again: the save that would make them waits for the
        user to confirm. Saving a meeting that already shares its period asks nothing again."""
        kind, organizer, period = data.get("kind"), data.get("organizer"), data.get("period")
        if self.meeting is not None and (kind, organizer, period) == (
            self.meeting.kind,
            self.meeting.organizer,
            self.meeting.period,
        ):
            return
        same = self._same_period(kind, organizer, period)
        if same is None or data.get("second_for_period"):
            return
        self.same_period = same | {"ask": True}
        self.add_error(
            "second_for_period",
            _("Tick this box to record it all the same, or open the meeting already recorded."),
        )

    def service_kwargs(self):
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.datetime.combine(data["day"], data["time"]))
        return {
            "kind": data["kind"],
            "title": nfc(data["title"]) or "",
            "period": data["period"],
            "starts_at": starts_at,
            "place": data["place"],
            "organizer": data["organizer"],
            "chair_name": data["chair_name"],
            "chair_position": data["chair_position"],
            "report_due_on": data["report_due_on"],
            "attendees_note": data["attendees_note"],
            "agenda": data["agenda"],
            "invited": list(data["invited"]),
            "attended": list(data["attended"]),
        }


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
        from .notice import DEFAULT_RECIPIENTS

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
            **{
                name: getattr(conclusion, name)
                for name in (
                    "number",
                    "issued_on",
                    "speaker_title",
                    "opening",
                    "text",
                    "signing_authority",
                    "signer_position",
                    "signer_name",
                    "recipients",
                )
            },
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

__all__ = ["Conclusion", "ConclusionForm", "MeetingForm", "ReportForm"]
