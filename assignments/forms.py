"""Forms for tasks. Every choice list is narrowed to what the user may see (declared empty)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementItem
from directives.models import Directive
from khoagiao.numbers import percent
from khoagiao.uploads import MultipleFileField
from meetings.models import Meeting
from organizations.models import Field, Organization

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_ATTRS),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy, for example 30/06/2026.")},
        **kwargs,
    )


def unit_choices(*current):
    """Units that can lead or support a task today, plus whatever the task already names
    (a unit merged away in 2025 stays shown on its old tasks)."""
    keep = [org.pk for org in current if org is not None]
    return (
        Organization.objects.filter(
            Q(level=Organization.Level.PROVINCE)
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()))
            & (Q(valid_from__isnull=True) | Q(valid_from__lte=timezone.localdate()))
            & ~Q(kind=Organization.Kind.PARTY_COMMITTEE)
            | Q(pk__in=keep)
        )
        .distinct()
        .order_by("kind", "name")
    )


class UnitLabelMixin:
    def label_from_instance(self, obj):
        return obj.display_name


class UnitMultipleChoiceField(UnitLabelMixin, forms.ModelMultipleChoiceField):
    pass


class UnitChoiceField(UnitLabelMixin, forms.ModelChoiceField):
    pass


class DirectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        title = obj.title if not obj.is_classified else obj.get_classification_display()
        return f"{obj.number} — {title[:90]}" if title else obj.number


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        agreement = obj.agreement.number or obj.agreement.title[:40]
        return f"{agreement} · {obj.order}. {obj.content[:80]}"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({timezone.localtime(obj.starts_at):%d/%m/%Y})"


class TaskFieldsForm(forms.Form):
    """The fields staff set on a task, shared by the create and edit forms."""

    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    directive = DirectiveChoiceField(
        label=_("From directive"), queryset=Directive.objects.none(), required=False
    )
    meeting = MeetingChoiceField(label=_("From meeting"), queryset=Meeting.objects.none(), required=False)
    agreement_item = ItemChoiceField(
        label=_("From coordination programme item"), queryset=AgreementItem.objects.none(), required=False
    )
    cooperating = UnitMultipleChoiceField(
        label=_("Cooperating units"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "unit-checks"}),
    )
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.none(), required=False)
    assigned_on = date_field(_("Assigned on"))
    due_on = date_field(_("Due on"))

    def __init__(self, *args, user, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["directive"].queryset = Directive.objects.visible_to(user).order_by(
            "-issued_on", "-sequence"
        )
        self.fields["meeting"].queryset = Meeting.objects.visible_to(user).order_by("-starts_at")
        self.fields["agreement_item"].queryset = (
            AgreementItem.objects.visible_to(user)
            .select_related("agreement")
            .order_by("-agreement__starts_on", "agreement_id", "order", "id")
        )
        self.fields["cooperating"].queryset = unit_choices(*current)
        self.fields["field"].queryset = Field.objects.all()

    def clean(self):
        data = super().clean()
        if not (data.get("directive") or data.get("meeting") or data.get("agreement_item")):
            raise ValidationError(
                _("Name where the task comes from: a directive, a meeting or a coordination programme item.")
            )
        assigned, due = data.get("assigned_on"), data.get("due_on")
        if assigned and due and due < assigned:
            self.add_error("due_on", _("The due date cannot be before the date the task was assigned."))
        return data


class TaskCreateForm(TaskFieldsForm):
    leads = UnitMultipleChoiceField(
        label=_("Lead units"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "unit-checks"}),
        help_text=_("Tick several units to give each of them its own copy of the task."),
        error_messages={"required": _("Choose at least one lead unit.")},
    )

    field_order = ["title", "description", "directive", "meeting", "agreement_item", "leads", "cooperating"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = unit_choices()
        self.fields["assigned_on"].initial = timezone.localdate()


class TaskEditForm(TaskFieldsForm):
    lead = UnitChoiceField(label=_("Lead unit"), queryset=Organization.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = ["title", "description", "directive", "meeting", "agreement_item", "lead", "cooperating"]

    def __init__(self, *args, task, **kwargs):
        current = [task.lead, *task.cooperating.all()]
        super().__init__(*args, current=current, **kwargs)
        self.fields["lead"].queryset = unit_choices(*current)


class TaskUpdateForm(forms.Form):
    """A progress report. Which fields exist depends on who posts: a cooperating unit has no %
    or completion, a liaison no date; anything else POSTed is simply not read."""

    text = forms.CharField(
        label=_("Content of the report"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        error_messages={"required": _("Write what has been done.")},
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
        error_messages={
            "min_value": _("Progress is a percentage from 0 to 100."),
            "max_value": _("Progress is a percentage from 0 to 100."),
            "invalid": _("Progress is a percentage from 0 to 100."),
        },
    )
    marks_done = forms.BooleanField(label=_("Task completed"), required=False)
    reported_on = date_field(_("Report date"), required=False)
    files = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, role, user, task, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import COOPERATING

        self.not_recorded = []
        if role == COOPERATING:
            del self.fields["progress"]
            del self.fields["marks_done"]
            # A page opened while the unit still led the task (or a remembered form) sends them:
            # not read, but named back so that what was typed is not silently dropped.
            self.not_recorded = _lead_only_values(self.data)
        if not user.can_edit:
            del self.fields["reported_on"]
        else:
            self.fields["reported_on"].help_text = _(
                "Leave empty for today; fill in when recording a report received earlier."
            )
        if task.is_classified:
            del self.fields["files"]
        else:
            self.fields["files"].help_text = _(
                "PDF, Word, Excel, PowerPoint, OpenDocument or photos; up to %(mb)s MB each."
            ) % {"mb": settings.PORTAL_UPLOAD_MAX_BYTES // 1048576}
        if "progress" in self.fields:
            self.fields["progress"].initial = None
            self.fields["progress"].help_text = _("Currently %(pct)s.") % {"pct": percent(task.progress)}

    def not_recorded_message(self, task):
        """Why the % or completion this cooperating unit sent was not recorded; None if none."""
        if not self.not_recorded:
            return None
        return _(
            "Not recorded: %(what)s. Your unit cooperates on this task; only the lead unit "
            "(%(lead)s) reports the percentage and completion. Tell them if it should change."
        ) % {"what": ", ".join(str(part) for part in self.not_recorded), "lead": task.lead.display_name}

    def clean(self):
        data = super().clean()
        if data.get("progress") == 100 and not data.get("marks_done"):
            self.add_error(
                "progress", _("100 % means completed: tick “Task completed”, or enter less than 100.")
            )
        return data


def _lead_only_values(data):
    """The lead unit's fields in posted `data`, as the user typed them."""
    found = []
    progress = (data.get("progress") or "").strip().rstrip("%").strip()
    if progress.isdigit() and 0 <= int(progress) <= 100:
        found.append(_("progress %(pct)s %%") % {"pct": int(progress)})
    elif progress:
        found.append(_("the percentage entered"))
    if data.get("marks_done"):
        found.append(_("“Task completed”"))
    return found


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
