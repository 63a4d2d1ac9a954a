"""What waits for a leader: the top of the leader's dashboard (issue 15, "action-first").

Nothing here counts tasks: the overdue figures per unit are the dashboard's own rows
(build_dashboard's `by_unit`, reports/counts.py), so the queue and the breakdown below it can
never disagree. Whose queue it is is the access module's answer: the reports waiting for
`report.approve` and the conclusions waiting for `conclusion.approve` are shown to whoever RULES
lets approve them, and only those; anyone else (staff, admins, a liaison) gets no queue.
"""

from dataclasses import dataclass, field

from django.db.models import F, Max, Q

from meetings.models import Meeting
from notices.models import Mail
from organizations.access import may
from organizations.models import Role, User

from .models import Report, ReportComment

LIST_SIZE = 10


@dataclass
class Told:
    """A liaison of a unit, and when the daily reminder (which lists the unit's overdue tasks, in
    a mail of its own or in the liaison's daily digest) last went to them; None: never."""

    person: object
    last_reminded: object = None


@dataclass
class UnitOverdue:
    row: object  # the dashboard's Row of the unit: its counts and the task list's link
    told: list = field(default_factory=list)

    @property
    def url(self):
        """The task list of the unit's overdue tasks (the breakdown's own link)."""
        return self.row.url("overdue")


@dataclass
class LeaderQueue:
    reports: list  # drafted reports submitted to the leaders
    conclusions: list  # held meetings whose conclusion waits for approval
    overdue_units: list  # UnitOverdue, most overdue first
    more_units: int = 0  # units with overdue tasks beyond the list

    @property
    def waiting(self):
        return len(self.reports) + len(self.conclusions)


def conclusions_awaiting(user):
    """Held meetings whose conclusion is drafted and not yet approved."""
    return list(
        Meeting.objects.visible_to(user)
        .filter(status=Meeting.Status.HELD, conclusion__isnull=False)
        .order_by("starts_at", "pk")[:LIST_SIZE]
    )


def reports_awaiting(user):
    """Drafted reports the staff submitted to the leaders, oldest submission first (the day of the
    last "submitted" in the report's comments, which reports.services.report_submit writes)."""
    submitted = Max("comments__created_at", filter=Q(comments__action=ReportComment.Action.SUBMIT))
    return list(
        Report.objects.visible_to(user)
        .filter(stage=Report.Stage.SUBMITTED)
        .annotate(submitted_at=submitted)
        .select_related("organization", "directive")
        .order_by(F("submitted_at").asc(nulls_first=True), "pk")[:LIST_SIZE]
    )


def told_of(unit_ids):
    """{unit id: [Told]}: the active liaisons of each unit who have an e-mail address (the daily
    reminder goes to them alone), with the day of the last reminder each one was sent."""
    liaisons = list(
        User.objects.with_role(Role.LIAISON.value)
        .filter(organization_id__in=unit_ids)
        .exclude(email="")
        .order_by("last_name", "first_name", "username")
    )
    last = dict(
        # The daily reminder's mails in the outbox: its own ("daily_reminder:…", to a liaison who
        # takes every notice) or the daily digest that carries its lists ("digest:…",
        # notices.services.digest_send_daily); one still waiting for the mail server told nobody yet.
        Mail.objects.filter(
            Q(key__startswith="daily_reminder:") | Q(key__startswith="digest:"),
            recipient__in=liaisons,
            sent_at__isnull=False,
        )
        .values("recipient")
        .annotate(last=Max("sent_at"))
        .values_list("recipient", "last")
    )
    told = {}
    for person in liaisons:
        told.setdefault(person.organization_id, []).append(Told(person, last.get(person.pk)))
    return told


def leader_queue(user, dashboard):
    """The leader's queue over `dashboard` (build_dashboard for the same user and filters), or
    None when `user` may approve neither reports nor conclusions."""
    approves_reports = may(user, "report.approve")
    approves_conclusions = may(user, "conclusion.approve")
    if not (approves_reports or approves_conclusions):
        return None
    late = [row for row in dashboard.by_unit if row.counts.overdue]
    late.sort(key=lambda row: (-row.counts.overdue, row.label))
    shown = late[:LIST_SIZE]
    told = told_of([row.key for row in shown])
    return LeaderQueue(
        reports=reports_awaiting(user) if approves_reports else [],
        conclusions=conclusions_awaiting(user) if approves_conclusions else [],
        overdue_units=[UnitOverdue(row, told.get(row.key, [])) for row in shown],
        more_units=len(late) - len(shown),
    )
