"""The meeting form: kind, period, date, place, chair and units, and the question asked before a
second giao ban of one Ban for one period is recorded."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khoagiao.periods import Period, period_choices
from khoagiao.text import nfc
from organizations.models import KhoiMembership, Organization

from ..models import Meeting
from .common import UnitMultipleChoiceField, date_field, unit_queryset


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
        others = Meeting.objects.visible_to(self.user).giao_ban_held_by(organizer, period)
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
