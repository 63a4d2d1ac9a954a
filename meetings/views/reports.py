"""A unit's report to a meeting: written by its liaison (or entered by staff from a paper copy),
read by staff and leaders; never shown to another unit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organizations.access import may, may_see_unit, page

from ..forms import ReportForm
from ..models import MeetingAttachment, MeetingReport
from ..services import MeetingLocked, meeting_report_save
from ._common import locked_redirect, meetings


def _report_unit(request, meeting, org_pk):
    """The invited unit whose report this is; another unit's report is a 404 for a unit role."""
    if not may_see_unit(request.user, org_pk):
        raise Http404
    org = meeting.invited.filter(pk=org_pk).first()
    if org is None:
        raise Http404
    return org


@page(meetings, methods=("GET", "POST"))
def report(request, meeting, org_pk):
    org = _report_unit(request, meeting, org_pk)
    user = request.user
    can_write = may(user, "meeting_report.save", MeetingReport(meeting=meeting, organization=org))
    existing = (
        MeetingReport.objects.filter(meeting=meeting, organization=org).select_related("submitted_by").first()
    )
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if meeting.is_locked:
            return locked_redirect(request, meeting)
        submitting = request.POST.get("action") == "submit"
        form = ReportForm(request.POST, request.FILES, submitting=submitting)
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                saved = meeting_report_save(
                    meeting=meeting,
                    organization=org,
                    by=user,
                    results=form.cleaned_data["results"],
                    limitations=form.cleaned_data["limitations"],
                    proposals=form.cleaned_data["proposals"],
                    submit=submitting,
                    files=[upload] if upload else [],
                )
            except MeetingLocked:
                return locked_redirect(request, meeting)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if submitting and saved.is_late:
                    messages.warning(
                        request, _("The report was submitted after the deadline and is marked as late.")
                    )
                elif submitting:
                    messages.success(request, _("The report was submitted. Thank you."))
                else:
                    messages.success(request, _("The draft was saved. Submit it when it is ready."))
                return redirect("meetings:report", pk=meeting.pk, org_pk=org.pk)
    else:
        initial = {}
        if existing:
            initial = {
                "results": existing.results,
                "limitations": existing.limitations,
                "proposals": existing.proposals,
            }
        form = ReportForm(initial=initial)
    files = list(
        MeetingAttachment.objects.visible_to(user)
        .filter(meeting=meeting, report__organization=org)
        .select_related("uploaded_by")
    )
    return render(
        request,
        "meetings/report.html",
        {
            "meeting": meeting,
            "org": org,
            "report": existing,
            "form": form,
            "files": files,
            "can_write": can_write and not meeting.is_locked,
        },
    )
