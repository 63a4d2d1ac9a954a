"""The outcome of a meeting on one page (conclusion, findings, tasks, proposals), the leader's
approval, and reopening an approved meeting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khoagiao.locking import Conflict
from organizations.access import page

from ..forms import (
    PROPOSAL_RECIPIENTS,
    SIGNING_AUTHORITIES,
    ConclusionForm,
    FindingFormSet,
    ProposalFormSet,
    RowChoices,
    TaskItemFormSet,
    finding_initial,
    proposal_initial,
    task_item_initial,
    unit_queryset,
)
from ..models import Conclusion, Meeting
from ..services import MeetingLocked, conclusion_approve, meeting_outcome_save, meeting_reopen
from ._common import back_to_meeting, locked_redirect, meetings


def _forms(request, meeting, conclusion, data=None):
    user = request.user
    items = list(meeting.task_items.select_related("lead", "field").prefetch_related("cooperating"))
    open_items = [t for t in items if not t.is_assigned]
    chosen = {t.lead_id for t in items} | {o.pk for t in items for o in t.cooperating.all()}
    chosen |= set(meeting.findings.exclude(organization=None).values_list("organization_id", flat=True))
    units = unit_queryset(user, meeting.organizer_id, *chosen, day=meeting.local_start.date())
    kwargs = {"choices": RowChoices(units)}
    return {
        "conclusion_form": ConclusionForm(
            data, user=user, meeting=meeting, initial=ConclusionForm.initial_for(meeting, conclusion)
        ),
        "findings": FindingFormSet(
            data, prefix="findings", initial=finding_initial(meeting), form_kwargs=kwargs
        ),
        "tasks": TaskItemFormSet(
            data,
            prefix="tasks",
            initial=task_item_initial(open_items),
            form_kwargs={**kwargs, "meeting": meeting},
        ),
        "proposals": ProposalFormSet(
            data, prefix="proposals", initial=proposal_initial(meeting), form_kwargs=kwargs
        ),
        "assigned_items": [t for t in items if t.is_assigned],
    }


@page(meetings, methods=("GET", "POST"), action="meeting.outcome")
def outcome(request, meeting):
    if meeting.is_locked:
        return locked_redirect(request, meeting)
    conclusion = Conclusion.objects.filter(meeting=meeting).first()
    forms = _forms(request, meeting, conclusion, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        parts = [forms["conclusion_form"], forms["findings"], forms["tasks"], forms["proposals"]]
        if all(part.is_valid() for part in parts):
            data = forms["conclusion_form"].cleaned_data
            try:
                meeting_outcome_save(
                    meeting=meeting,
                    by=request.user,
                    version=data["version"],
                    conclusion=data,
                    attended=data["attended"],
                    findings=forms["findings"].rows(),
                    task_items=forms["tasks"].rows(),
                    proposals=forms["proposals"].rows(),
                )
            except MeetingLocked:
                return locked_redirect(request, meeting)
            except Conflict as exc:
                # Keep what was typed, now at the current version (khoagiao/locking.py).
                data = request.POST.copy()
                data["version"] = exc.version
                forms = _forms(request, meeting, conclusion, data)
                forms["conclusion_form"].is_valid()
                forms["conflict"] = exc
            except ValidationError as exc:
                forms["conclusion_form"].add_error(None, exc)
            else:
                messages.success(request, _("The outcome was saved. A leader of the Ban can now approve it."))
                if request.POST.get("next") == "detail":
                    return redirect(meeting.get_absolute_url() + "#outcome")
                return redirect("meetings:outcome", pk=meeting.pk)
        else:
            messages.error(request, _("The outcome was not saved: please correct the marked fields below."))
    return render(
        request,
        "meetings/outcome.html",
        {
            "meeting": meeting,
            "conclusion": conclusion,
            **forms,
            "signing_authorities": SIGNING_AUTHORITIES,
            "proposal_recipients": PROPOSAL_RECIPIENTS,
        },
    )


@page(Meeting, methods=("POST",), action="conclusion.approve")
def approve(request, meeting):
    try:
        conclusion_approve(meeting=meeting, by=request.user)
    except MeetingLocked:
        return back_to_meeting(
            request, meeting, _("This conclusion has already been approved."), messages.INFO
        )
    except ValidationError as exc:
        return back_to_meeting(request, meeting, " ".join(exc.messages))
    return back_to_meeting(
        request,
        meeting,
        _("The conclusion was approved. Its tasks were sent to the units, and the meeting is now read-only."),
        messages.SUCCESS,
        "#outcome",
    )


@page(Meeting, methods=("POST",), action="meeting.reopen")
def reopen(request, meeting):
    try:
        meeting_reopen(meeting=meeting, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        return back_to_meeting(request, meeting, " ".join(exc.messages), anchor="#reopen")
    return back_to_meeting(
        request,
        meeting,
        _("The meeting was reopened. The approved version stays in its history; approve it again when done."),
        messages.SUCCESS,
    )
