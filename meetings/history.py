"""The audit trail of a meeting as people read it: who changed what, when, and why.

The meeting, its conclusion, findings, task rows, proposals (and, for staff, the units' reports)
each keep their simple-history records; khoagiao.audit turns each table's records into entries,
in a fixed number of queries whatever the length of the history, and they are shown as one list.
"""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from khoagiao.audit import history_entries, merge_entries
from organizations.models import Organization

from .models import Conclusion, Finding, Meeting, MeetingReport, Proposal, TaskItem

SUBJECT_LENGTH = 60


def _row(model, text_field):
    """The subject of an entry about one row: "Finding: <the start of its text>"."""
    name = model._meta.verbose_name

    def subject(record):
        text = Truncator(getattr(record, text_field) or "").chars(SUBJECT_LENGTH)
        return f"{name[:1].upper()}{name[1:]}: {text}"

    return subject


def timeline(meeting, *, include_reports=False, limit=100):
    """The newest `limit` changes to the meeting and its outcome, newest first."""
    of_meeting = {"meeting_id": meeting.pk}
    lists = [
        history_entries(Meeting.history.filter(id=meeting.pk), subject=lambda record: _("Meeting")),
        history_entries(Conclusion.history.filter(**of_meeting), subject=lambda record: _("Conclusion")),
        history_entries(Finding.history.filter(**of_meeting), subject=_row(Finding, "text")),
        history_entries(TaskItem.history.filter(**of_meeting), subject=_row(TaskItem, "title")),
        history_entries(Proposal.history.filter(**of_meeting), subject=_row(Proposal, "content")),
    ]
    if include_reports:
        records = MeetingReport.history.filter(**of_meeting)
        units = dict(
            Organization.objects.filter(pk__in=records.values("organization_id")).values_list("pk", "name")
        )

        def report_of(record):
            return _("Report of %(unit)s") % {"unit": units.get(record.organization_id, "?")}

        lists.append(history_entries(records, subject=report_of))
    return merge_entries(*lists)[:limit]
