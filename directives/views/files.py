"""The text of a directive as a private file: added and removed by staff, downloaded by anyone
who may see the directive. Never for classified directives (the service refuses)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khoagiao.files import private_file_response
from organizations.access import page

from .. import services
from ..forms import AttachmentForm
from ..models import Directive, DirectiveAttachment
from .registry import detail_context


@page(Directive, methods=("POST",), action="directive.attach")
def attachment_add(request, directive):
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.directive_attach(
                directive=directive,
                files=[form.cleaned_data["file"]],
                by=request.user,
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("The file was attached."))
            return redirect(f"{directive.get_absolute_url()}#files")
    directive = Directive.objects.select_related("issuing_body", "implements", "replaced_by").get(
        pk=directive.pk
    )
    return render(request, "directives/detail.html", detail_context(request, directive, attachment_form=form))


@page(DirectiveAttachment)
def attachment_download(request, attachment):
    return private_file_response(attachment.file, attachment.original_name, attachment.content_type)


@page(
    lambda: DirectiveAttachment.objects.select_related("directive"),
    methods=("POST",),
    action="directive.attachment_delete",
)
def attachment_delete(request, attachment):
    directive = attachment.directive
    services.directive_attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, _("The file was removed."))
    return redirect(f"{directive.get_absolute_url()}#files")
