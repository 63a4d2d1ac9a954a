"""Private files of a meeting (minutes, photos) and of a unit's report: upload, download, delete."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khoagiao.files import private_file_response
from organizations.access import page

from ..models import Meeting, MeetingAttachment
from ..services import MeetingLocked, meeting_attach, meeting_attachment_delete
from ._common import back_to_meeting, locked_redirect


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    description = forms.CharField(label=gettext_lazy("Description"), required=False, max_length=255)


@page(Meeting, methods=("POST",), action="meeting.attach")
def add(request, meeting):
    if meeting.is_locked:
        return locked_redirect(request, meeting)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return back_to_meeting(request, meeting, _("Choose a file to upload."), anchor="#attachments")
    try:
        (attachment,) = meeting_attach(
            meeting=meeting,
            by=request.user,
            files=[form.cleaned_data["file"]],
            description=form.cleaned_data["description"],
        )
    except MeetingLocked:
        return locked_redirect(request, meeting)
    except ValidationError as exc:
        return back_to_meeting(request, meeting, " ".join(exc.messages), anchor="#attachments")
    messages.success(request, _("“%(name)s” was attached.") % {"name": attachment.original_name})
    return redirect(meeting.get_absolute_url() + "#attachments")


def attachments():
    return MeetingAttachment.objects.select_related("meeting", "report")


BY_MEETING = {"meeting_id": "pk", "pk": "attachment_pk"}


@page(attachments, lookups=BY_MEETING)
def download(request, attachment):
    return private_file_response(attachment.file, attachment.original_name, attachment.content_type)


@page(attachments, methods=("POST",), action="meeting_attachment.delete", lookups=BY_MEETING)
def delete(request, attachment):
    meeting, user = attachment.meeting, request.user
    if meeting.is_locked:
        return locked_redirect(request, meeting)
    try:
        meeting_attachment_delete(attachment=attachment, by=user)
    except MeetingLocked:
        return locked_redirect(request, meeting)
    messages.success(request, _("“%(name)s” was deleted.") % {"name": attachment.original_name})
    if attachment.report_id:
        return redirect("meetings:report", pk=meeting.pk, org_pk=attachment.report.organization_id)
    return redirect(meeting.get_absolute_url() + "#attachments")
