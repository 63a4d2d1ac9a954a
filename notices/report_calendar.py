"""The units' report calendar for the giao ban: which unit owes its report to which meeting, by
when, and the reminders about it.

For the giao ban that stands for its period (Meeting.objects.giao_ban_of, the one the dashboard and
the daily reminder name) with a due date for the units' reports, each invited unit that has not
submitted is reminded: its liaison(s) NOTICES_BEFORE_DAYS before the due date and on the day, its
head(s) the day after, when the report is late. Each once per meeting, unit, step and due date (the
notice's unique key; a moved due date reminds again).
"""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Meeting, MeetingReport
from organizations.access import SYSTEM, unit_of
from organizations.models import Role
from organizations.provinces import days

from .models import Notice
from .services import People, _vietnamese, notify


def owed(*, viewer, today=None, horizon_days=60):
    """[(meeting, [units not submitted])] of the standing planned giao ban whose reports are due from
    a week ago to `horizon_days` ahead, earliest first, as `viewer` may see them (a unit role: its
    own unit's line only)."""
    today = today or timezone.localdate()
    unit_id = unit_of(viewer)
    due = Meeting.objects.visible_to(viewer).filter(
        kind=Meeting.Kind.GIAO_BAN,
        status=Meeting.Status.PLANNED,
        report_due_on__gte=today - datetime.timedelta(days=7),
        report_due_on__lte=today + datetime.timedelta(days=horizon_days),
    )
    periods = {meeting.period for meeting in due.only("period")}
    standing = {getattr(Meeting.objects.giao_ban_of(period), "pk", None) for period in periods}
    rows = []
    for meeting in due.filter(pk__in=standing).order_by("report_due_on", "pk"):
        submitted = MeetingReport.objects.filter(
            meeting=meeting, organization=OuterRef("pk"), submitted_at__isnull=False
        )
        units = meeting.invited.exclude(Exists(submitted)).order_by("name")
        if unit_id is not None:
            units = units.filter(pk=unit_id)
        rows.append((meeting, list(units)))
    return rows


def calendar_run(*, today=None):
    """Remind the units that owe a report to the next giao ban. Returns the notices made."""
    today = today or timezone.localdate()
    before = datetime.timedelta(days=days("notices_before_days"))
    who = People()
    made = 0
    for meeting, units in owed(viewer=SYSTEM, today=today, horizon_days=days("notices_before_days")):
        due = meeting.report_due_on
        with _vietnamese():
            dated = {"date": due.strftime("%d/%m/%Y"), "meeting": meeting.title[:300]}
            if due - before <= today < due:
                step, role, kind = "before", Role.LIAISON, Notice.Kind.REPORT_DUE
                text = _("Report to the giao ban due on %(date)s: %(meeting)s") % dated
            elif today == due:
                step, role, kind = "day", Role.LIAISON, Notice.Kind.REPORT_DUE
                text = _("Report to the giao ban due today (%(date)s): %(meeting)s") % dated
            elif today > due:
                step, role, kind = "late", Role.UNIT_HEAD, Notice.Kind.REPORT_LATE
                text = _("Report to the giao ban late (due %(date)s): %(meeting)s") % dated
            else:
                continue
        for unit in units:
            key = f"meeting:{meeting.pk}:{unit.pk}:{step}:{due.isoformat()}"
            for person in who.of_unit(unit.pk, role):
                made += notify(recipient=person, kind=kind, about=meeting, text=text, key=key) is not None
    return made
