from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khoagiao.files import private_file_response
from organizations.access import page

from ..forms import AttachForm
from ..models import TaskAttachment
from ..services import task_attach
from .common import tasks


@page(tasks, methods=("GET", "POST"), action="task.attach")
def attach(request, task):
    """Files of the task itself (staff): the assigning document, a plan."""
    if request.method == "POST":
        form = AttachForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                task_attach(
                    task=task,
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


@page(TaskAttachment)
def attachment(request, item):
    """Download through a permission check: another unit's file is 404, like a missing one."""
    return private_file_response(item.file, item.original_name, item.content_type)
