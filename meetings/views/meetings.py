"""The meeting list, the meeting page, and creating or editing a meeting."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caching.pages import cached, deferred
from khoagiao.locking import Conflict
from khoagiao.periods import KIND_CHOICES
from organizations.access import may, page

from ..forms import MeetingForm
from ..history import timeline
from ..models import Conclusion, ConclusionVersion, Finding, Meeting, MeetingAttachment, MeetingReport
from ..services import MeetingLocked, meeting_create, meeting_update
from ._common import locked_redirect

PAGE_SIZE = 25
HISTORY_SHOWN = 8


class MeetingFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("Title, place or chair"), "type": "search"}
        ),
    )
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None)
    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        required=False,
        choices=[("", gettext_lazy("All periods")), *KIND_CHOICES],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *Meeting.Kind.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *Meeting.Status.choices],
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        for name in ("year", "period", "kind", "status"):
            self.fields[name].widget.attrs["data-autosubmit"] = ""


@page()
def index(request):
    """Meetings by year and period, with each one's reporting rate (staff) or the unit's own
    report state (liaison). A fixed number of queries whatever the number of reports."""
    user = request.user
    meetings = Meeting.objects.visible_to(user).select_related("organizer")
    years = sorted({d.year for d in meetings.dates("starts_at", "year")}, reverse=True)
    form = MeetingFilterForm(request.GET or None, years=years)
    if form.is_valid():
        data = form.cleaned_data
        meetings = meetings.search(data["q"])
        if data["year"]:
            meetings = meetings.filter(starts_at__year=data["year"])
        if data["period"]:
            meetings = meetings.filter(period__endswith=f"-{data['period']}")
        if data["kind"]:
            meetings = meetings.filter(kind=data["kind"])
        if data["status"]:
            meetings = meetings.filter(status=data["status"])
    if user.sees_everything:
        meetings = meetings.with_report_counts()
    elif user.organization_id:
        own = MeetingReport.objects.filter(meeting_id=OuterRef("pk"), organization_id=user.organization_id)
        meetings = meetings.annotate(
            own_submitted_at=Subquery(own.values("submitted_at")[:1]),
            own_report_id=Subquery(own.values("pk")[:1]),
        )
    page = Paginator(meetings.order_by("-starts_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/list.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": query.urlencode(),
            "can_create": may(user, "meeting.create"),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "today": timezone.localdate(),
        },
    )


def _form_page(request, form, meeting=None, conflict=None):
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting, "conflict": conflict})


@page(methods=("GET", "POST"), action="meeting.create")
def create(request):
    if request.method == "POST":
        form = MeetingForm(request.POST, user=request.user)
        if form.is_valid():
            meeting = meeting_create(by=request.user, **form.service_kwargs())
            messages.success(request, _("The meeting was created. Units can now send their reports."))
            return redirect(meeting)
    else:
        form = MeetingForm(initial=MeetingForm.initial_for(user=request.user), user=request.user)
    return _form_page(request, form)


@page(Meeting, methods=("GET", "POST"), action="meeting.update")
def edit(request, meeting):
    if meeting.is_locked:
        return locked_redirect(request, meeting)
    conflict = None
    if request.method == "POST":
        form = MeetingForm(request.POST, user=request.user, meeting=meeting)
        if form.is_valid():
            try:
                meeting_update(
                    meeting=meeting,
                    by=request.user,
                    version=form.cleaned_data["version"] or 0,
                    **form.service_kwargs(),
                )
            except MeetingLocked:
                return locked_redirect(request, meeting)
            except Conflict as exc:
                conflict = exc
                data = request.POST.copy()
                data["version"] = exc.version
                form = MeetingForm(data, user=request.user, meeting=meeting)
                form.is_valid()
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The meeting was saved."))
                return redirect(meeting)
    else:
        form = MeetingForm(
            initial=MeetingForm.initial_for(meeting=meeting), user=request.user, meeting=meeting
        )
    return _form_page(request, form, meeting, conflict)


def _unit_rows(meeting, invited, attended_ids, reports):
    """One row per invited unit: its report and whether it came in on time (DHIS2's terms)."""
    by_org = {r.organization_id: r for r in reports}
    past_due = meeting.report_deadline_passed
    rows = []
    for org in invited:
        report = by_org.get(org.pk)
        if report and report.is_submitted:
            state = "late" if report.is_late else "on_time"
        elif report:
            state = "draft_overdue" if past_due else "draft"
        else:
            state = "missing" if past_due else "waiting"
        rows.append({"org": org, "report": report, "state": state, "attended": org.pk in attended_ids})
    submitted = sum(1 for r in rows if r["state"] in ("on_time", "late"))
    on_time = sum(1 for r in rows if r["state"] == "on_time")
    total = len(rows)
    return rows, {
        "total": total,
        "submitted": submitted,
        "on_time": on_time,
        "late": submitted - on_time,
        "missing": total - submitted,
        "pct": round(100 * submitted / total) if total else 0,
        "pct_step": 5 * round(20 * submitted / total) if total else 0,
    }


def _tasks(meeting, user):
    from assignments.models import Task  # downstream app: imported where it is used

    return list(
        Task.objects.visible_to(user)
        .filter(meeting=meeting)
        .with_bucket()
        .select_related("lead", "field")
        .prefetch_related("cooperating")
        .order_by("due_on", "pk")
    )


# What the kept pieces of the meeting page show (templates/meetings/detail.html): read from the
# database only when one of them is built, after a write, not on every view.
KEPT = (
    "invited",
    "tasks",
    "linked_task_ids",
    "versions",
    "unit_rows",
    "completeness",
    "own_report",
    "own_org",
    "finding_groups",
    "has_findings",
    "task_items",
    "proposals",
)


def _kept(meeting, user, sees_outcome):
    values = dict.fromkeys(KEPT)
    invited = list(meeting.invited.order_by("name"))
    reports = list(
        MeetingReport.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("organization", "submitted_by")
    )
    for report in reports:
        report.meeting = meeting  # is_late reads the deadline from the meeting already in hand
    tasks = _tasks(meeting, user)
    values.update(
        invited=invited,
        tasks=tasks,
        # The notice lists every unit's tasks; only those the reader may open are linked.
        linked_task_ids={task.pk for task in tasks},
        versions=list(
            ConclusionVersion.objects.filter(meeting=meeting).select_related("approved_by", "reopened_by")
        ),
    )
    if user.sees_everything:
        attended_ids = set(meeting.attended.values_list("pk", flat=True))
        values["unit_rows"], values["completeness"] = _unit_rows(meeting, invited, attended_ids, reports)
    else:
        values["own_report"] = next((r for r in reports if r.organization_id == user.organization_id), None)
        values["own_org"] = user.organization
    if sees_outcome:
        findings = list(meeting.findings.select_related("field", "organization"))
        values["finding_groups"] = [
            (label, [f for f in findings if f.kind == kind]) for kind, label in Finding.Kind.choices
        ]
        values["has_findings"] = bool(findings)
        values["task_items"] = list(
            meeting.task_items.select_related("lead", "field").prefetch_related("cooperating")
        )
        values["proposals"] = list(meeting.proposals.select_related("from_organization"))
    return values


@page(lambda: Meeting.objects.select_related("organizer", "created_by", "milestone__directive", "agreement"))
def detail(request, meeting):
    user = request.user
    today = timezone.localdate()
    conclusion = (
        Conclusion.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("approved_by", "updated_by")
        .first()
    )
    sees_outcome = conclusion is not None or user.sees_everything
    context = {
        "meeting": meeting,
        "conclusion": conclusion,
        "sees_outcome": sees_outcome,
        "attachments": list(
            MeetingAttachment.objects.visible_to(user)
            .filter(meeting=meeting)
            .select_related("uploaded_by", "report__organization")
        ),
        "can_edit": may(user, "meeting.update", meeting) and not meeting.is_locked,
        "is_editor": may(user, "meeting.update", meeting),
        "can_approve": may(user, "conclusion.approve", meeting)
        and not meeting.is_locked
        and conclusion is not None,
        "can_reopen": may(user, "meeting.reopen", meeting) and meeting.is_locked,
        "today": today,
        **deferred(lambda: _kept(meeting, user, sees_outcome), KEPT),
    }
    if user.sees_everything:
        # Six history tables read and compared record by record (a third of the page's time),
        # the same for every staff member until a write: kept like the dashboard's figures.
        history = cached(
            "meeting-history", user, meeting.pk, lambda: timeline(meeting, include_reports=True), today=today
        )
        context["history_recent"], context["history_older"] = history[:HISTORY_SHOWN], history[HISTORY_SHOWN:]
    return render(request, "meetings/detail.html", context)
