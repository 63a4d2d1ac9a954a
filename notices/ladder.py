"""The reminder ladder of a task, and the reminder for a task nobody has reported on.

For an open task with deadline D (settings, in days; per province later):
- from D - NOTICES_BEFORE_DAYS until D: the liaison(s) of the lead unit;
- from D + NOTICES_HEAD_AFTER_DAYS: the lead unit's head(s);
- from D + NOTICES_BAN_AFTER_DAYS: the Ban's staff member who assigned the task, and the leaders in
  charge of the task's fields (User.fields_in_charge; every leader when none is: People.leaders_for).
Each step is claimed once per task, step and deadline (Escalation's unique key) in the same
transaction as its notices: beat firing twice or two workers take it once, a changed deadline is a
new ladder, a completed or cancelled task is no longer looked at. A step missed on its day (beat
down) is taken on the next run.

A task open with no progress update for NOTICES_STALE_DAYS (counted from the last update, or from
its assignment) reminds the lead unit's liaison(s) and head(s) once per window of that many days.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from assignments.models import Task
from organizations.models import Field, Role
from organizations.provinces import days

from .models import Escalation, Notice
from .services import People, _vietnamese, notify


def _told(people):
    return "; ".join(
        f"{p.get_full_name() or p.username}"
        + (f" ({p.organization.display_name})" if p.organization_id else "")
        for p in people
    )


def _take(task, step, deadline, today, kind, people, text, window=0):
    """Claim the step and tell the people, all or nothing. False if it was taken before."""
    key = f"task:{task.pk}:{step}:{deadline.isoformat()}:{window}"
    try:
        with transaction.atomic():
            told = [p for p in people if notify(recipient=p, kind=kind, about=task, text=text, key=key)]
            Escalation.objects.create(
                task=task, step=step, deadline=deadline, window=window, fired_on=today, told=_told(told)
            )
    except IntegrityError:
        return False
    return True


def _title(task):
    return Truncator(task.title).chars(300)


def ladder_run(*, today=None):
    """Take every ladder step that is due today (or was missed). Returns the steps taken."""
    today = today or timezone.localdate()
    before = datetime.timedelta(days=days("notices_before_days"))
    head_after = datetime.timedelta(days=days("notices_head_after_days"))
    ban_after = datetime.timedelta(days=days("notices_ban_after_days"))
    last_taken = Escalation.objects.filter(
        task=OuterRef("pk"), step=Escalation.Step.BAN, deadline=OuterRef("due_on")
    )
    tasks = (
        Task.objects.open()
        .filter(due_on__lte=today + before)
        .exclude(Exists(last_taken))
        .select_related("lead", "created_by", "directive")
        # The fields of the last step's leaders in charge (Task.field_ids), a query per chunk.
        .prefetch_related(Prefetch("directive__fields", queryset=Field.objects.only("pk")))
        .order_by("due_on", "id")
    )
    who = People()
    taken = 0
    for task in tasks.iterator(chunk_size=500):
        taken_steps = set(
            Escalation.objects.filter(task=task, deadline=task.due_on).values_list("step", flat=True)
        )
        with _vietnamese():
            unit = task.lead.display_name
            due = task.due_on.strftime("%d/%m/%Y")
            late = (today - task.due_on).days
            steps = []
            if task.due_on - before <= today <= task.due_on:
                steps.append(
                    (
                        Escalation.Step.BEFORE,
                        Notice.Kind.DUE_SOON,
                        lambda task=task: who.of_unit(task.lead_id, Role.LIAISON),
                        _("Task due on %(date)s: %(title)s") % {"date": due, "title": _title(task)},
                    )
                )
            overdue_text = _("%(days)s days overdue (due %(date)s), %(unit)s: %(title)s") % {
                "days": late,
                "date": due,
                "unit": unit,
                "title": _title(task),
            }
            if today >= task.due_on + head_after:
                steps.append(
                    (
                        Escalation.Step.HEAD,
                        Notice.Kind.OVERDUE_HEAD,
                        lambda task=task: who.of_unit(task.lead_id, Role.UNIT_HEAD),
                        overdue_text,
                    )
                )
            if today >= task.due_on + ban_after:
                ban = lambda task=task: who.of_ban(task)  # noqa: E731
                steps.append((Escalation.Step.BAN, Notice.Kind.OVERDUE_BAN, ban, overdue_text))
            for step, kind, people, text in steps:
                if step not in taken_steps:
                    taken += _take(task, step, task.due_on, today, kind, people(), text)
    return taken


def stale_run(*, today=None):
    """Remind the lead unit of each open task with no progress update for K days, once per window
    of K days. Returns the reminders taken."""
    from assignments.filters import last_update_expression

    today = today or timezone.localdate()
    k = days("notices_stale_days")
    tasks = (
        Task.objects.open()
        .annotate(last_update=last_update_expression())
        .filter(last_update__lte=today - datetime.timedelta(days=k))
        .select_related("lead")
        .order_by("id")
    )
    who = People()
    taken = 0
    for task in tasks.iterator(chunk_size=500):
        window = (today - task.last_update).days // k
        if Escalation.objects.filter(
            task=task, step=Escalation.Step.STALE, deadline=task.last_update, window=window
        ).exists():
            continue
        with _vietnamese():
            text = _("No progress update for %(days)s days: %(title)s") % {
                "days": (today - task.last_update).days,
                "title": _title(task),
            }
        people = who.of_unit(task.lead_id, Role.LIAISON, Role.UNIT_HEAD)
        taken += _take(
            task,
            Escalation.Step.STALE,
            task.last_update,
            today,
            Notice.Kind.STALE,
            people,
            text,
            window=window,
        )
    return taken
