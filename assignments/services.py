"""Operations on tasks that touch several rows. Views, the meeting outcome, imports, management
commands and Celery tasks all call these functions.

Every service authorizes its `by` itself (organizations.access, the @service decorator). Every
change to a task takes the row lock and raises `version` by one (khoagiao.locking), so a save
prepared against an older version is refused instead of overwriting.

Progress (PROGRESS_RULE in models.py): the latest % reported by the lead unit — its liaison, or the
Ban's staff on its behalf; 100 % exactly when completed; a cancelled task shows no %.
A cooperating unit's liaison posts text and files about its own part, never a % or completion.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.locking import bump, lock
from khoagiao.text import nfc
from khoagiao.uploads import check_uploads, delete_files, save_attachments
from organizations.access import may, service, unit_of, user_of

from .models import Task, TaskAttachment, TaskUpdate

logger = logging.getLogger("portal.security")

LEAD, COOPERATING = "lead", "cooperating"


def _by(task, by):
    task._history_user = user_of(by)
    return task


@service("task.create")
@transaction.atomic
def task_create(**kwargs):
    """Create one task with its lead and cooperating units (staff)."""
    return create_task(**kwargs)


@transaction.atomic
def create_task(
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
    """The unchecked core of task_create, for a service that has authorized its own caller (a
    leader's approval of a conclusion creates its tasks). At least one source is required
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
        created_by=user_of(by),
    )
    _by(task, by).save()
    others = [org for org in cooperating if org.pk != lead.pk]
    if others:
        task.cooperating.set(others)
    return task


@service("task.create")
@transaction.atomic
def task_create_for_leads(*, by, leads, **fields):
    """Assign the same task to several lead units at once: one Task per lead, all or none.
    A unit that leads one copy is not also listed as cooperating on it."""
    if not leads:
        raise ValidationError(_("Choose at least one lead unit."))
    return [create_task(by=by, lead=lead, **fields) for lead in leads]


def _record(**fields):
    """A timeline entry, with its author in the audit history even outside a request."""
    update = TaskUpdate(**fields)
    update._history_user = fields["posted_by"]  # a person: SYSTEM posts no timeline entry
    update.save()
    return update


def _lock(task, version=None):
    return lock(Task.objects.select_related("directive"), task.pk, version=version)


@service("task.update", obj="task")
@transaction.atomic
def task_update(*, task, by, version, cooperating, **fields):
    """Save a staff member's edit made on `version`; refuse (khoagiao.locking.Conflict) if the
    task has changed since. `fields` are the Task's own editable fields (title, lead, due_on...)."""
    task = _lock(task, version)
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
    bump(task)
    _by(task, by).save()
    if cooperating_changed:
        task.cooperating.set(wanted)
    return task


@service("task.cancel", obj="task")
@transaction.atomic
def task_cancel(*, task, by, reason=""):
    task = _lock(task)
    if task.cancelled_on:
        raise ValidationError(_("The task was already cancelled."))
    task.cancelled_on = timezone.localdate()
    bump(task)
    _by(task, by).save(update_fields=["cancelled_on", "version"])
    _record(
        task=task,
        organization=by.organization or task.lead,
        posted_by=by,
        text=nfc(reason) or _("Task cancelled."),
        kind=TaskUpdate.Kind.CANCELLED,
    )
    return task


@service("task.reopen", obj="task")
@transaction.atomic
def task_reopen(*, task, by, reason=""):
    """Undo a completion or a cancellation. Progress goes back to the lead's latest report that
    did not complete the task (0 % if there is none)."""
    task = _lock(task)
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
    bump(task)
    _by(task, by).save(update_fields=["completed_on", "cancelled_on", "progress", "version"])
    _record(
        task=task,
        organization=by.organization or task.lead,
        posted_by=by,
        text=nfc(reason) or _("Task reopened."),
        kind=TaskUpdate.Kind.REOPENED,
    )
    return task


def update_role(viewer, task):
    """LEAD, COOPERATING or None: what `viewer` may report on `task` (access rule
    "task.report_progress"). Staff and admins report for the lead unit; leaders only read."""
    if not may(viewer, "task.report_progress", task):
        return None
    return LEAD if viewer.can_edit or unit_of(viewer) == task.lead_id else COOPERATING


def ignored_fields(user, task, posted, allowed):
    """Log what a client posted beyond the fields its form has (G3): ignored, but recorded."""
    extra = sorted(set(posted) - set(allowed) - {"csrfmiddlewaretoken"})
    if extra:
        logger.warning(
            "ignored fields %s posted by user %s on task %s", ",".join(extra)[:200], user.pk, task.pk
        )
    return extra


@service("task.report_progress", obj="task")
@transaction.atomic
def task_report_progress(*, task, by, text, progress=None, marks_done=False, reported_on=None, files=()):
    """Post a progress report (báo cáo tiến độ) with optional % and attachments.

    The lead unit (or staff for it) may give a % and mark the task completed; the task's progress
    and completed_on follow. A cooperating unit reports text and files only. A liaison reports as
    of today; staff may record a report received earlier (not in the future, not before the task
    was assigned)."""
    task = _lock(task)
    role = update_role(by, task)
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
            bump(task)
            _by(task, by).save(update_fields=["completed_on", "progress", "version"])
    except Exception:
        delete_files(saved)
        raise
    return update


@service("task.attach", obj="task")
@transaction.atomic
def task_attach(*, task, by, files, description=""):
    """Files that belong to the task itself (the assigning document, a plan), added by staff."""
    task = _lock(task)
    files = list(files)
    if not files:
        raise ValidationError(_("Choose at least one file."))
    if task.is_classified:
        raise ValidationError(_("This task comes from a classified document: attachments are not accepted."))
    saved = save_attachments(TaskAttachment, files, by=by, task=task, description=nfc(description) or "")
    return saved
