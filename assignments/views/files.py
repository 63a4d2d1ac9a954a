from functools import partial

from django.urls import reverse

from khoagiao.files import private_file_response
from khoagiao.uploads import attach_page
from organizations.access import page

from ..models import TaskAttachment
from ..services import task_attach
from .common import tasks


@page(tasks, methods=("GET", "POST"), action="task.attach")
def attach(request, task):
    """Files of the task itself (staff): the assigning document, a plan."""
    return attach_page(
        request,
        attach=partial(task_attach, task=task, by=request.user),
        template="assignments/attach.html",
        context={"task": task},
        done=reverse("assignments:detail", kwargs={"pk": task.pk}),
    )


@page(TaskAttachment)
def attachment(request, item):
    """Download through a permission check: another unit's file is 404, like a missing one."""
    return private_file_response(item.file, item.original_name, item.content_type)
