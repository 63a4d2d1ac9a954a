"""Operations on tasks that touch several rows. Views, the meeting outcome, imports, management
commands and Celery tasks all call these functions.

Every change to a task takes the row lock (select_for_update) and raises `version` by one, so a
save prepared against an older version is refused instead of overwriting (RELIABILITY.md G22).

Progress (PROGRESS_RULE in models.py): the latest % reported by the lead unit — its liaison, or the
Ban's staff on its behalf; 100 % exactly when completed; a cancelled task shows no %.
A cooperating unit's liaison posts text and files about its own part, never a % or completion.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.audit import changes_since
from khoagiao.text import nfc
from khoagiao.uploads import check_uploads, delete_files, save_attachments

from .models import Task, TaskAttachment, TaskUpdate

logger = logging.getLogger("portal.security")

LEAD, COOPERATING = "lead", "cooperating"


class TaskConflict(Exception):
    """The task changed after the form was loaded; nothing was saved."""

    def __init__(self, task, changes, people):
        super().__init__("stale task version")
        self.task = task
        self.changes = changes
        self.people = people


def _by(task, by):
    task._history_user = by
    return task


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
    task = Task(
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
    _by(task, by).save()
    others = [org for org in cooperating if org.pk != lead.pk]
    if others:
        task.cooperating.set(others)
    return task


@transaction.atomic
def task_create_for_leads(*, by, leads, **fields):
    """Assign the same task to several lead units at once: one Task per lead, all or none.
    A unit that leads one copy is not also listed as cooperating on it."""
    if not leads:
        raise ValidationError(_("Choose at least one lead unit."))
    return [task_create(by=by, lead=lead, **fields) for lead in leads]


def _record(**fields):
    """A timeline entry, with its author in the audit history even outside a request."""
    update = TaskUpdate(**fields)
    update._history_user = fields["posted_by"]
    update.save()
    return update


def _lock(task_id):
    return Task.objects.select_for_update(of=("self",)).select_related("directive").get(pk=task_id)


@transaction.atomic
def task_edit(*, task_id, by, version, cooperating, **fields):
    """Save a staff member's edit made on `version`; refuse (TaskConflict) if the task has
    changed since. `fields` are the Task's own editable fields (title, lead, due_on...)."""
    task = _lock(task_id)
    if task.version != version:
        found = changes_since(task, version)
        changes, people = found if found else ([], [])
        raise TaskConflict(task, changes, people)
    changed = False
    for name, value in fields.items():
        if getattr(task, name) != value:
            setattr(task, name, value)
            changed = True
    if not (task.directive_id or task.meeting_id or task.agreement_item_id):
        raise ValidationError(_("A task needs a source: a directive, a meeting or an agreement item."))
    wanted = {org.pk for org in cooperating if org.pk != task.lead_id}
    cooperating_changed = wanted != set(task.cooperating.values_list("id", flat=True))
    if not (changed or cooperating_changed):
        return task  # saving an unchanged form is not a change: others' open forms stay valid
    task.version += 1
    _by(task, by).save()
    if cooperating_changed:
        task.cooperating.set(wanted)
    return task


@transaction.atomic
def task_cancel(*, task_id, by, reason=""):
    task = _lock(task_id)
    if task.cancelled_on:
        raise ValidationError(_("The task was already cancelled."))
    task.cancelled_on = timezone.localdate()
    task.version += 1
    _by(task, by).save(update_fields=["cancelled_on", "version"])
    _record(
        task=task,
        organization=by.organization or task.lead,
        posted_by=by,
        text=nfc(reason) or _("Task cancelled."),
        kind=TaskUpdate.Kind.CANCELLED,
    )
    return task


@transaction.atomic
def task_reopen(*, task_id, by, reason=""):
    """Undo a completion or a cancellation. Progress goes back to the lead's latest report that
    did not complete the task (0 % if there is none)."""
    task = _lock(task_id)
    if not task.is_closed:
        raise ValidationError(_("The task is open already."))
    last = (
        task.updates.filter(kind=TaskUpdate.Kind.PROGRESS, organization=task.lead, progress__isnull=False)
        .exclude(marks_done=True)
        .order_by("-reported_on", "-created_at", "-id")
        .first()
    )
    task.completed_on = None
    task.cancelled_on = None
    task.progress = last.progress if last else 0
    task.version += 1
    _by(task, by).save(update_fields=["completed_on", "cancelled_on", "progress", "version"])
    _record(
        task=task,
        organization=by.organization or task.lead,
        posted_by=by,
        text=nfc(reason) or _("Task reopened."),
        kind=TaskUpdate.Kind.REOPENED,
    )
    return task


def update_role(user, task):
    """LEAD, COOPERATING or None: what `user` may report on `task` (it must be visible to them).
    Staff and admins report for the lead unit; leaders only read."""
    if user.can_edit:
        return LEAD
    if user.is_liaison and user.organization_id:
        if user.organization_id == task.lead_id:
            return LEAD
        if any(org.pk == user.organization_id for org in task.cooperating.all()):
            return COOPERATING
    return None


def ignored_fields(user, task, posted, allowed):
    """Log what a client posted beyond the fields its form has (G3): ignored, but recorded."""
    extra = sorted(set(posted) - set(allowed) - {"csrfmiddlewaretoken"})
    if extra:
        logger.warning(
            "ignored fields %s posted by user %s on task %s", ",".join(extra)[:200], user.pk, task.pk
        )
    return extra


@transaction.atomic
def task_post_update(*, task_id, by, text, progress=None, marks_done=False, reported_on=None, files=()):
    """Post a progress report (báo cáo tiến độ) with optional % and attachments.

    The lead unit (or staff for it) may give a % and mark the task completed; the task's progress
    and completed_on follow. A cooperating unit reports text and files only. A liaison reports as
    of today; staff may record a report received earlier (not in the future, not before the task
    was assigned)."""
    task = _lock(task_id)
    if not Task.objects.visible_to(by).filter(pk=task.pk).exists():
        raise PermissionDenied
    role = update_role(by, task)
    if role is None:
        raise PermissionDenied
    if task.is_closed:
        raise ValidationError(
            _("This task is closed (completed or cancelled); ask the Ban to reopen it before reporting.")
        )
    if role == COOPERATING and (progress is not None or marks_done):
        raise ValidationError(_("Only the lead unit reports the percentage and completion."))
    today = timezone.localdate()
    if not by.can_edit or reported_on is None:
        reported_on = today
    if reported_on > today:
        raise ValidationError(_("The report date cannot be in the future."))
    if reported_on < task.assigned_on:
        raise ValidationError(_("The report date cannot be before the task was assigned."))
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError(_("Progress is a percentage from 0 to 100."))
    if progress == 100 and not marks_done:
        raise ValidationError(_("100 % means completed: tick “Task completed”, or enter less than 100."))
    files = list(files)
    if files and task.is_classified:
        raise ValidationError(_("This task comes from a classified document: attachments are not accepted."))
    check_uploads(files)
    if marks_done:
        progress = 100
    update = _record(
        task=task,
        organization=task.lead if role == LEAD else by.organization,
        posted_by=by,
        reported_on=reported_on,
        text=nfc(text),
        progress=progress,
        marks_done=bool(marks_done),
    )
    saved = save_attachments(TaskAttachment, files, by=by, task=task, update=update)
    try:
        if role == LEAD and (marks_done or progress is not None):
            if marks_done:
                task.completed_on = reported_on
            task.progress = progress
            task.version += 1
            _by(task, by).save(update_fields=["completed_on", "progress", "version"])
    except Exception:
        delete_files(saved)
        raise
    return update


@transaction.atomic
def task_attach(*, task_id, by, files, description=""):
    """Files that belong to the task itself (the assigning document, a plan), added by staff."""
    task = _lock(task_id)
    if not by.can_edit:
        raise PermissionDenied
    files = list(files)
    if not files:
        raise ValidationError(_("Choose at least one file."))
    if task.is_classified:
        raise ValidationError(_("This task comes from a classified document: attachments are not accepted."))
    saved = save_attachments(TaskAttachment, files, by=by, task=task, description=nfc(description) or "")
    return saved
