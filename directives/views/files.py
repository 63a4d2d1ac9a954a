"""The text of a directive as a private file: added and removed by staff, downloaded by anyone
who may see the directive. Never for classified directives (the service refuses)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from khoagiao.files import private_file_response
from khoagiao.permissions import EDITORS, check_role, get_visible_or_404

from .. import services
from ..forms import AttachmentForm
from ..models import Directive, DirectiveAttachment
from .registry import detail_context


@require_POST
def attachment_add(request, pk):
    directive = get_visible_or_404(Directive, request.user, pk=pk)
    check_role(request.user, EDITORS)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.directive_attachment_add(
                directive=directive,
                upload=form.cleaned_data["file"],
                by=request.user,
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("The file was attached."))
            return redirect(f"{directive.get_absolute_url()}#files")
    directive = Directive.objects.select_related("issuing_body", "implements", "replaced_by").get(pk=pk)
    return render(request, "directives/detail.html", detail_context(request, directive, attachment_form=form))


@require_safe
def attachment_download(request, pk):
    attachment = get_visible_or_404(DirectiveAttachment, request.user, pk=pk)
    return private_file_response(attachment.file, attachment.original_name, attachment.content_type)


@require_POST
def attachment_delete(request, pk):
    attachment = get_visible_or_404(
        DirectiveAttachment.objects.select_related("directive"), request.user, pk=pk
    )
    check_role(request.user, EDITORS)
    directive = attachment.directive
    services.directive_attachment_remove(attachment=attachment, by=request.user)
    messages.success(request, _("The file was removed."))
    return redirect(f"{directive.get_absolute_url()}#files")
