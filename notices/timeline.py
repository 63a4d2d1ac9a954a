"""The reminder steps of a task as entries of its history (khoagiao.audit's Entry, rendered by
templates/includes/audit_history.html like every other change)."""

from django.utils.translation import gettext as _

from khoagiao.audit import Entry

from .models import Escalation


def reminder_entries(task):
    entries = []
    for step in Escalation.objects.filter(task=task).order_by("created_at", "id"):
        people = step.told or _("nobody (no one in that role)")
        if step.step == Escalation.Step.STALE:
            subject = _("%(people)s on %(day)s: no progress update since %(since)s")
            since = step.deadline
        else:
            subject = _("%(people)s on %(day)s (%(step)s, deadline %(since)s)")
            since = step.deadline
        entries.append(
            Entry(
                step.created_at,
                _("the system"),
                "reminded",
                subject
                % {
                    "people": people,
                    "day": step.fired_on.strftime("%d/%m/%Y"),
                    "step": step.get_step_display(),
                    "since": since.strftime("%d/%m/%Y"),
                },
            )
        )
    return entries
