"""Operations on tasks that touch several rows. Views, the meeting outcome, imports, management
commands and Celery tasks all call these functions."""

from django.db import transaction
from django.utils import timezone

from .models import Task


@transaction.atomic
def task_create(
    *,
    by,
    title,
    lead,
    due_on,
    cooperating=(),
    description="",
    directive=None,
    meeting=None,
    agreement_item=None,
    field=None,
    assigned_on=None,
):
    """Create one task with its lead and cooperating units; at least one source is required
    (directive, meeting or agreement item: the database refuses a task without one)."""
    task = Task.objects.create(
        title=title,
        description=description,
        lead=lead,
        due_on=due_on,
        directive=directive,
        meeting=meeting,
        agreement_item=agreement_item,
        field=field,
        assigned_on=assigned_on or timezone.localdate(),
        created_by=by,
    )
    task.cooperating.set([org for org in cooperating if org.pk != lead.pk])
    return task
