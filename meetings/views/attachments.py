"""Private files of a meeting (minutes, photos) and of a unit's report: upload, download, delete."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khoagiao.files import private_file_response
from khoagiao.permissions import EDITORS

from ..models import MeetingAttachment
from ..services import MeetingLocked, attachment_add, attachment_delete
from ._common import back_to_meeting, locked_redirect, method_not_allowed, require_roles, visible_meeting


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    description = forms.CharField(label=gettext_lazy("Description"), required=False, max_length=255)


def add(request, pk):
    meeting = visible_meeting(request, pk)
    refused = method_not_allowed(request, "POST")
    if refused:
        return refused
    require_roles(request, EDITORS)
    if meeting.is_locked:
        return locked_redirect(request, meeting)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return back_to_meeting(request, meeting, _("Choose a file to upload."), anchor="#attachments")
    try:
        attachment = attachment_add(
            meeting=meeting,
            by=request.user,
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
    except MeetingLocked:
        return locked_redirect(request, meeting)
    except ValidationError as exc:
        return back_to_meeting(request, meeting, " ".join(exc.messages), anchor="#attachments")
    messages.success(request, _("“%(name)s” was attached.") % {"name": attachment.original_name})
    return redirect(meeting.get_absolute_url() + "#attachments")


def _attachment(request, pk, attachment_pk):
    attachment = (
        MeetingAttachment.objects.visible_to(request.user)
        .select_related("meeting", "report")
        .filter(meeting_id=pk, pk=attachment_pk)
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def download(request, pk, attachment_pk):
    visible_meeting(request, pk)
    attachment = _attachment(request, pk, attachment_pk)
    refused = method_not_allowed(request, "GET")
    if refused:
        return refused
    return private_file_response(attachment.file, attachment.original_name, attachment.content_type)


def delete(request, pk, attachment_pk):
    meeting = visible_meeting(request, pk)
    attachment = _attachment(request, pk, attachment_pk)
    refused = method_not_allowed(request, "POST")
    if refused:
        return refused
    user = request.user
    own_report_file = (
        user.is_liaison
        and attachment.report_id is not None
        and attachment.report.organization_id == user.organization_id
    )
    if not (user.has_role(*EDITORS) or own_report_file):
        raise PermissionDenied
    if meeting.is_locked:
        return locked_redirect(request, meeting)
    try:
        attachment_delete(attachment=attachment, by=user)
    except MeetingLocked:
        return locked_redirect(request, meeting)
    messages.success(request, _("“%(name)s” was deleted.") % {"name": attachment.original_name})
    if attachment.report_id:
        return redirect("meetings:report", pk=meeting.pk, org_pk=attachment.report.organization_id)
    return redirect(meeting.get_absolute_url() + "#attachments")
