from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khoagiao.files import private_file_response
from khoagiao.permissions import EDITORS, check_role, get_visible_or_404

from ..forms import AttachForm
from ..models import TaskAttachment
from ..services import task_attach
from .common import get_only, visible_task


def attach(request, pk):
    """Files of the task itself (staff): the assigning document, a plan."""
    task = visible_task(request, pk)
    check_role(request.user, EDITORS)
    if request.method == "POST":
        form = AttachForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                task_attach(
                    task_id=task.pk,
                    by=request.user,
                    files=form.cleaned_data["files"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The files were attached."))
                return redirect("assignments:detail", pk=task.pk)
    else:
        form = AttachForm()
    return render(request, "assignments/attach.html", {"task": task, "form": form})


def attachment(request, pk):
    """Download through a permission check: another unit's file is 404, like a missing one."""
    item = get_visible_or_404(TaskAttachment, request.user, pk=pk)
    refused = get_only(request)
    if refused:
        return refused
    return private_file_response(item.file, item.original_name, item.content_type)
