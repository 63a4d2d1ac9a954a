"""E-mails from beat: daily reminders to liaisons, the weekly digest to leaders (as its own mail to
those who take every notice; in the daily digest for the others who take mail), and "your scheduled
report is ready". They go through the notices app's outbox (notices.services.mail_queue): each
(kind, recipient, key) is queued once under a unique key, so beat firing twice, a retried task or
two workers never send the same mail twice, and a mail server that is down leaves the mail pending
for the outbox's sender to try again.
"""

import datetime
import logging

from celery.schedules import ParseException
from celery.schedules import crontab as celery_crontab
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.models import Task
from khoagiao.celery import BROKER_UNREACHABLE
from meetings.models import Meeting, MeetingReport
from organizations.models import Role, User
from organizations.provinces import days as province_days

from .dashboard import Filters, build_dashboard
from .models import Dispatch, Report

logger = logging.getLogger(__name__)
LIST_LIMIT = 30


def absolute_url(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _send(*, kind, recipient, key, subject, template, context):
    """Queue the mail once (False if it was queued before) and send what is due now; a failed send
    stays pending in the outbox."""
    from notices.services import mail_queue, mail_send_due

    mail_key = f"{kind}:{recipient.pk}:{key}"
    queued = mail_queue(
        recipient=recipient, key=mail_key, subject=subject, template=template, context=context
    )
    if queued:
        mail_send_due()
    return queued


def _leaders():
    return User.objects.with_role(Role.LEADER.value).exclude(email="").order_by("pk")


def _tell(people, *, kind, report, text):
    """A notice about `report` on each person's bell, mailed as each prefers (notices.services.notify:
    at once for "every notice", in the next daily digest for the digest, not at all for
    "escalations only"). Once per report and kind. Returns how many were told."""
    from notices.services import notify

    key = f"{kind}:{report.pk}"
    return sum(
        notify(recipient=person, kind=kind, about=report, text=text, key=key) is not None
        for person in people.order_by("pk")
    )


def report_notify_ready(*, report_id):
    """Tell the leaders that a scheduled report is ready, with the link to it."""
    report = Report.objects.filter(pk=report_id, status=Report.Status.READY).first()
    if report is None:
        return 0
    with translation.override("vi"):
        text = _("Report ready: %(title)s") % {"title": report.download_name().removesuffix(".pdf")}
    return _tell(User.objects.with_role(Role.LEADER.value), kind="report_ready", report=report, text=text)


def report_submitted_notify(report):
    """Tell the heads of a unit that the Ban submitted the report about their unit for approval
    (organizations.access.REPORT_APPROVERS): a notice on their bell, mailed as they prefer. The
    Ban's leaders find every submitted report at the top of their dashboard (reports.decisions).
    Once per submission: a report returned and submitted again is news again."""
    from notices.services import notify

    if report.kind != Report.Kind.UNIT or report.organization_id is None:
        return 0
    with translation.override("vi"):
        text = _("Report waiting for your approval: %(title)s") % {
            "title": report.download_name().removesuffix(".pdf")
        }
    heads = User.objects.with_role(Role.UNIT_HEAD.value).filter(organization_id=report.organization_id)
    key = f"report_submitted:{report.pk}:{report.version}"
    return sum(
        notify(recipient=head, kind="report_submitted", about=report, text=text, key=key) is not None
        for head in heads.order_by("pk")
    )


def notify_ready_enqueue(*, report_id):
    from .tasks import notify_ready_task

    try:
        notify_ready_task.apply_async((str(report_id),))
    except BROKER_UNREACHABLE as exc:
        logger.warning("report %s: ready, but the notification could not be queued (%s)", report_id, exc)
    except Exception:
        logger.exception("report %s: ready, but the notification could not be queued", report_id)


def report_notify_draft(*, report_id):
    """Tell the staff that the schedule made a draft for them to write, with the link to it."""
    report = Report.objects.filter(pk=report_id, stage=Report.Stage.DRAFT).first()
    if report is None:
        return 0
    with translation.override("vi"):
        text = _("Draft report to write: %(title)s") % {"title": report.download_name().removesuffix(".pdf")}
    return _tell(User.objects.with_role(Role.STAFF.value), kind="draft_ready", report=report, text=text)


def notify_draft_enqueue(*, report_id):
    from .tasks import notify_draft_task

    try:
        notify_draft_task.apply_async((str(report_id),))
    except Exception:
        logger.exception("report %s: draft ready, but the notification could not be queued", report_id)


# --- the issued report to its recipients ---------------------------------------------------


def recipients_of(report):
    """[(name, address or "")] of the report's Nơi nhận (its province's recipients, with their
    addresses); the register keeps the list the report was issued with."""
    entry = getattr(report, "register_entry", None) if report.pk else None
    names = entry.recipient_list if entry is not None else report.province.recipient_list
    addresses = report.province.recipient_address_map
    return [(name, (addresses.get(name) or "").strip()) for name in names]


def without_address(report):
    """The recipients staff send the issued report to by hand."""
    return [name for name, address in recipients_of(report) if not address]


class NotYetSealed(Exception):
    """The seal is still being applied: the mail waits for the document of record."""


def _record_file(report):
    document = getattr(report, "issued_document", None)
    if document is not None and document.sealing:
        raise NotYetSealed(str(report.pk))
    if document is not None and document.signed_file:
        return document.signed_file, document.signed_download_name()
    return report.file, report.download_name()


def report_dispatch(*, report_id):
    """E-mail the issued report's PDF to each recipient with an address, once each (Dispatch is
    claimed before sending and given back if the send fails). Returns how many were sent now."""
    report = Report.objects.filter(pk=report_id, stage=Report.Stage.ISSUED).first()
    if report is None:
        return 0
    file, name = _record_file(report)
    with file.open("rb") as handle:
        data = handle.read()
    with translation.override("vi"):
        subject = _("Report number %(number)s: %(title)s") % {
            "number": report.number,
            "title": report.download_name().removesuffix(".pdf"),
        }
        body = render_to_string("reports/email/report_issued.txt", {"report": report})
    sent = 0
    for recipient, address in recipients_of(report):
        if not address:
            continue
        try:
            with transaction.atomic():
                Dispatch.objects.create(report=report, recipient=recipient, address=address)
        except IntegrityError:
            continue
        try:
            message = EmailMessage(str(subject), body, None, [address])
            message.attach(name, data, "application/pdf")
            message.send()
        except Exception:
            Dispatch.give_back(report=report, address=address)
            raise
        Dispatch.mark_sent(report=report, address=address)
        sent += 1
    return sent


def dispatch_enqueue(*, report_id):
    from .tasks import dispatch_task

    try:
        dispatch_task.apply_async((str(report_id),))
    except Exception:
        logger.exception("report %s: issued, but sending it by e-mail could not be queued", report_id)


def standing_giao_ban(horizon):
    """The planned giao ban with reports due by `horizon` that stand for their period
    (Meeting.giao_ban_of): the meeting the unit's home page and the dashboard show for that
    period. Another meeting on the same period is not reminded of (it would ask a unit for a
    report on a period it may already have reported on)."""
    due = Meeting.objects.filter(
        kind=Meeting.Kind.GIAO_BAN,
        status=Meeting.Status.PLANNED,
        report_due_on__isnull=False,
        report_due_on__lte=horizon,
    )
    periods = {meeting.period for meeting in due.only("period")}
    standing = {getattr(Meeting.objects.giao_ban_of(period), "pk", None) for period in periods}
    return due.filter(pk__in=standing)


def reminder_of(liaison, today, standing=None):
    """The daily reminder's lists for `liaison` on `today`: its unit's tasks due within N days or
    overdue, and the giao ban reports its unit has not submitted yet; None when there is nothing
    to remind. The reminder mail and the daily digest (notices.services.digest_send_daily) both
    show them."""
    horizon = today + datetime.timedelta(days=province_days("reminder_days"))
    standing = standing if standing is not None else standing_giao_ban(horizon)
    tasks = Task.objects.visible_to(liaison).open().filter(due_on__lte=horizon).select_related("lead")
    overdue = list(tasks.filter(due_on__lt=today).order_by("due_on", "id")[: LIST_LIMIT + 1])
    due_soon = list(tasks.filter(due_on__gte=today).order_by("due_on", "id")[: LIST_LIMIT + 1])
    submitted = MeetingReport.objects.filter(
        meeting=OuterRef("pk"), organization=liaison.organization, submitted_at__isnull=False
    )
    meetings = list(
        Meeting.objects.visible_to(liaison)
        .filter(pk__in=standing.values("pk"), invited=liaison.organization)
        .exclude(Exists(submitted))
        .order_by("report_due_on")
    )
    if not (overdue or due_soon or meetings):
        return None
    with translation.override("vi"):
        subject = _("Reminder: tasks and reports of %(unit)s") % {"unit": liaison.organization.display_name}
    return {
        "subject": subject,
        "today": today,
        "overdue": overdue[:LIST_LIMIT],
        "overdue_more": len(overdue) > LIST_LIMIT,
        "due_soon": due_soon[:LIST_LIMIT],
        "due_soon_more": len(due_soon) > LIST_LIMIT,
        "meetings": meetings,
        "tasks_url": absolute_url(reverse("assignments:list")),
        "home_url": absolute_url(reverse("home")),
    }


def reminders_send_daily(*, today=None):
    """One mail per liaison who takes every notice by e-mail, with its unit's tasks due within N
    days or overdue, and the giao ban reports its unit has not submitted yet. Nothing to say, no
    mail. A liaison who takes the daily digest finds the same lists in it (one mail a day, not
    two); one who asked for escalations only gets none (issue 14: "none except escalations")."""
    from notices.models import Preference

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=province_days("reminder_days"))
    sent = 0
    liaisons = (
        User.objects.with_role(Role.LIAISON.value)
        .filter(organization__isnull=False, notice_preference__mail=Preference.Mail.EVERY)
        .exclude(email="")
        .select_related("organization")
        .order_by("pk")
    )
    standing = standing_giao_ban(horizon)
    for liaison in liaisons:
        reminder = reminder_of(liaison, today, standing)
        if reminder is None:
            continue
        sent += _send(
            kind="daily_reminder",
            recipient=liaison,
            key=today.isoformat(),
            subject=reminder["subject"],
            template="reports/email/daily_reminder.txt",
            context=reminder,
        )
    return sent


WEEKLY_DIGEST_TASK = "reports.weekly_digest"


def weekly_digest_day(today):
    """Is `today` a day beat runs the weekly digest for the current province: a weekday of its
    Periodic task's crontab (the province's own time, reports/times.py, else the installation's,
    which admins edit under Periodic tasks; a disabled task is no day), or, when the installation
    has no such row, REPORTS_DIGEST_WEEKDAY, which seeded it. The daily digest carries the week on
    that day (notices.services.digest_send_daily)."""
    from django_celery_beat.models import PeriodicTask

    from .times import schedules_of_this_province

    weekday = today.isoweekday() % 7  # celery counts 0 = Sunday
    seeded = weekday == settings.REPORTS_DIGEST_WEEKDAY % 7
    rows = schedules_of_this_province(
        PeriodicTask.objects.filter(task=WEEKLY_DIGEST_TASK).select_related("crontab")
    )
    if not rows:
        return seeded
    for row in rows:
        if not row.enabled:
            continue
        if row.crontab is None:  # an interval or a one-off time: no weekday to read
            return seeded
        try:
            if weekday in celery_crontab(day_of_week=row.crontab.day_of_week).day_of_week:
                return True
        except (ValueError, ParseException):  # a spec beat cannot read either: it never runs
            continue
    return False


def week_of(leader, today):
    """The weekly digest's content for `leader` on `today`: the year's figures, what is overdue,
    what is coming, the units that have not reported (build_dashboard, as on the home page), or
    None when there is nothing to say (never an empty digest). The weekly digest's own mail and a
    digest user's daily mail both show it, through templates/reports/email/_week.txt."""
    dashboard = build_dashboard(leader, Filters(year=today.year), today=today)
    reporting = getattr(dashboard, "reporting", None)
    missing = getattr(reporting, "missing", None) if reporting else None
    if not (dashboard.totals.total or dashboard.backlog_overdue or dashboard.milestones or missing):
        return None
    monday = today - datetime.timedelta(days=today.weekday())
    with translation.override("vi"):
        subject = _("Weekly digest of the khoa giáo tasks, week of %(monday)s") % {
            "monday": monday.strftime("%d/%m/%Y")
        }
    return {
        "week_subject": subject,
        "monday": monday,
        "dashboard": dashboard,
        "dashboard_url": absolute_url(reverse("home")),
    }


def digest_send_weekly(*, today=None):
    """The weekly digest as a mail of its own, for each leader who takes every notice by e-mail:
    the week's figures, what is overdue, what is coming. A leader who takes the daily digest finds
    the same week in that morning's digest; one who asked for escalations only gets none (issue 14:
    "none except escalations").

    Why the daily job carries the week, not this one: a digest user's one mail of the day is
    claimed under one key (digest:<user>:<day>) by the notices' morning job, after the ladder made
    that morning's notices. Were this job to make it when it comes first, the ladder's notices of
    that morning would wait a day; were it to send the week apart, the user would get two mails.
    This job never mails a digest user, so the order of the two jobs and either one running twice
    change nothing: the daily job mails them once, with the week on the weekly digest's day
    (weekly_digest_day), even when nothing else is new."""
    from notices.models import Preference

    today = today or timezone.localdate()
    sent = 0
    for leader in _leaders().filter(notice_preference__mail=Preference.Mail.EVERY):
        week = week_of(leader, today)
        if week is None:
            continue
        sent += _send(
            kind="weekly_digest",
            recipient=leader,
            key=week["monday"].isoformat(),
            subject=week["week_subject"],
            template="reports/email/weekly_digest.txt",
            context=week,
        )
    return sent
