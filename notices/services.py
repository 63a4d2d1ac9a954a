"""Notices and the mail outbox: the one way the portal tells a person something.

`notify()` makes a notice for one user about one object, only if that user may see the object
(organizations.access `visible_to`) and only once per key. E-mail goes through the outbox (Mail):
a row is queued under a unique key (the claim: beat firing twice or two workers queue it once),
and `mail_send_due()` sends pending rows one at a time under a row lock (skip_locked: two senders
never take the same row). A mail server that refuses or is down leaves the row pending with a
later `next_try_at`; nothing is lost and nothing is sent twice.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from organizations.access import service
from organizations.models import Field, Role, User
from organizations.provinces import days

from .models import Mail, Notice, Preference

logger = logging.getLogger(__name__)
SEND_BATCH = 200


def absolute_url(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _vietnamese():
    """Mails and stored notice texts are written in Vietnamese, in the portal's time zone."""

    class _Both:
        def __enter__(self):
            self.t = translation.override("vi")
            self.z = timezone.override(ZoneInfo(settings.TIME_ZONE))
            self.t.__enter__()
            self.z.__enter__()

        def __exit__(self, *exc):
            self.z.__exit__(*exc)
            self.t.__exit__(*exc)

    return _Both()


# --- the outbox --------------------------------------------------------------------------------


def mail_queue(*, recipient, key, subject, template, context):
    """Queue one e-mail to `recipient` under `key`, once: False if the key was queued before (by
    this run, an earlier one or another worker) or the user has no address."""
    if not recipient.email:
        return False
    with _vietnamese():
        body = render_to_string(template, {**context, "recipient": recipient})
        subject = str(subject)
    try:
        with transaction.atomic():
            Mail.objects.create(
                key=key, recipient=recipient, address=recipient.email, subject=subject[:300], body=body
            )
    except IntegrityError:
        return False
    transaction.on_commit(send_enqueue)
    return True


def send_enqueue():
    """Ask the worker to send now; if the broker is away, beat's minute job sends it later."""
    from .tasks import send_mail_task

    try:
        send_mail_task.apply_async()
    except Exception as exc:  # the row is pending: nothing is lost
        logger.warning("mail queued, but the sender could not be asked now (%s)", exc)


def _backoff(attempts):
    return datetime.timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), settings.NOTICES_MAIL_MAX_BACKOFF))


def mail_send_due(*, limit=SEND_BATCH):
    """Send the pending mails whose time has come. Each is taken under a row lock that others skip,
    and marked sent in the same transaction; a refused or failed send is counted, its error kept,
    and the row tried again later (after the first failure this run stops: the server is away).
    Returns (sent, failed)."""
    sent = failed = 0
    for _attempt in range(limit):
        with transaction.atomic():
            mail = (
                Mail.objects.filter(sent_at__isnull=True, next_try_at__lte=timezone.now())
                .order_by("next_try_at", "id")
                .select_for_update(skip_locked=True)
                .first()
            )
            if mail is None:
                break
            try:
                send_mail(mail.subject, mail.body, None, [mail.address])
            except Exception as exc:  # SMTPException, OSError: refused, down, unreachable
                mail.attempts += 1
                mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                mail.next_try_at = timezone.now() + _backoff(mail.attempts)
                mail.save(update_fields=["attempts", "last_error", "next_try_at"])
                failed += 1
                logger.warning("mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, exc)
            else:
                mail.sent_at = timezone.now()
                mail.attempts += 1
                mail.save(update_fields=["sent_at", "attempts"])
                sent += 1
        if failed:
            break
    return sent, failed


# --- notices -----------------------------------------------------------------------------------


def preference_of(user):
    pref = Preference.objects.filter(user=user).values_list("mail", flat=True).first()
    return pref or Preference.DEFAULT


def notify(*, recipient, kind, about, text, key, path=None):
    """A notice for `recipient` about `about`, unless it may not see it or was told already under
    `key`. Mailed at once when the user asked for every notice, or for escalations and this is one;
    otherwise the daily digest takes it. Returns the notice, or None."""
    if not (recipient.is_active and about.pk):
        return None
    if not type(about).objects.visible_to(recipient).filter(pk=about.pk).exists():
        return None
    path = path or about.get_absolute_url()
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                recipient=recipient, kind=kind, path=path, text=text[:500], key=key
            )
    except IntegrityError:
        return None
    wanted = preference_of(recipient)
    if wanted == Preference.Mail.EVERY or (wanted == Preference.Mail.ESCALATIONS and notice.is_escalation):
        with _vietnamese():
            queued = mail_queue(
                recipient=recipient,
                key=f"notice:{notice.pk}",
                subject=_("[Khoa giáo portal] %(text)s") % {"text": notice.text[:200]},
                template="notices/email/notice.txt",
                context=_mail_context([notice]),
            )
        if queued:
            Notice.objects.filter(pk=notice.pk).update(mailed_at=timezone.now())
    return notice


def _mail_context(notices):
    return {
        "notices": [(n, absolute_url(reverse("notices:open", kwargs={"pk": n.pk}))) for n in notices],
        "list_url": absolute_url(reverse("notices:list")),
    }


def digest_send_daily(*, today=None):
    """One mail a day per user who takes the daily digest: the notices not read and not mailed
    yet; for a liaison, the daily reminder's lists (reports.notifications.reminder_of: its unit's
    tasks due soon or overdue, the giao ban reports owed); for a leader, on the weekly digest's day
    (reports.notifications.weekly_digest_day), the week (week_of: the weekly digest's content,
    which the weekly job sends only to leaders who take every notice). So a digest user gets one
    mail a day, not the digest, the reminder and the weekly digest. Nothing new, nothing to remind
    and no week to tell, no mail.

    A user whose earlier digest still waits in the outbox (the mail server was down) gets no second
    one: it would arrive the same day as the first once the server is back; the new notices wait
    for the next morning's digest (they are in the portal meanwhile; the week is on the dashboard).
    Returns how many were queued."""
    from reports.notifications import reminder_of, standing_giao_ban, week_of, weekly_digest_day

    today = today or timezone.localdate()
    others = [Preference.Mail.EVERY, Preference.Mail.ESCALATIONS]
    waiting = Mail.objects.filter(key__startswith="digest:", sent_at__isnull=True).values("recipient_id")
    unmailed = Notice.objects.filter(mailed_at__isnull=True, read_at__isnull=True).values("recipient_id")
    liaisons = set(
        User.objects.with_role(Role.LIAISON.value)
        .filter(organization__isnull=False)
        .values_list("pk", flat=True)
    )
    leaders = set()
    if weekly_digest_day(today):
        leaders = set(User.objects.with_role(Role.LEADER.value).values_list("pk", flat=True))
    users = (
        User.objects.in_scope()
        .filter(Q(pk__in=unmailed) | Q(pk__in=liaisons) | Q(pk__in=leaders), is_active=True)
        .exclude(email="")
        .exclude(notice_preference__mail__in=others)
        .exclude(pk__in=waiting)
        .select_related("organization")
        .distinct()
        .order_by("pk")
    )
    standing = None
    queued = 0
    for user in users:
        reminder = week = None
        if user.pk in liaisons:
            if standing is None:
                standing = standing_giao_ban(today + datetime.timedelta(days=days("reminder_days")))
            reminder = reminder_of(user, today, standing)
        if user.pk in leaders:
            week = week_of(user, today)
        with transaction.atomic():
            # Locked: a second run waits, then finds them mailed (PostgreSQL re-reads the rows).
            notices = list(
                Notice.objects.filter(recipient=user, mailed_at__isnull=True, read_at__isnull=True)
                .select_for_update()
                .order_by("created_at", "id")
            )
            if not (notices or reminder or week):
                continue
            with _vietnamese():
                if notices:
                    numbers = {"n": len(notices), "day": today.strftime("%d/%m/%Y")}
                    if week:
                        subject = _("Khoa giáo portal: %(n)s new notices and the weekly digest, %(day)s")
                    else:
                        subject = _("Khoa giáo portal: %(n)s new notices, %(day)s")
                    subject %= numbers
                elif week:
                    subject = week["week_subject"]
                else:
                    subject = reminder["subject"]
            # The claim of the user's one mail of the day: a second run queues nothing.
            if mail_queue(
                recipient=user,
                key=f"digest:{user.pk}:{today.isoformat()}",
                subject=subject,
                template="notices/email/digest.txt",
                context={
                    **(reminder or {}),
                    **(week or {}),
                    **_mail_context(notices),
                    "today": today,
                    "reminder": bool(reminder),
                    "week": bool(week),
                },
            ):
                Notice.objects.filter(pk__in=[n.pk for n in notices]).update(mailed_at=timezone.now())
                queued += 1
    return queued


# --- what a user does --------------------------------------------------------------------------


@service("notice.read", obj="notice")
@transaction.atomic
def notice_open(*, by, notice):
    """The user follows a notice: it is read (the rule: the recipient alone)."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@service("notice.manage", obj="user")
def notices_read_all(*, by, user):
    """Mark all of `user`'s notices read (the rule: `user` alone)."""
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


@service("notice.manage", obj="user")
def preference_save(*, by, user, mail):
    """How `user` takes notices by e-mail (the rule: `user` alone)."""
    if mail not in Preference.Mail.values:
        raise ValueError(mail)
    pref, _created = Preference.objects.update_or_create(user_id=user.pk, defaults={"mail": mail})
    return pref


class People:
    """Who to tell, asked once per run: a unit's people by role, and the leaders with the fields
    each is in charge of (the same for every task), so a run over many tasks does not ask the same
    question task by task."""

    def __init__(self):
        self.units = {}

    @cached_property
    def leaders(self):
        leaders = list(
            User.objects.with_role(Role.LEADER.value)
            .prefetch_related(Prefetch("fields_in_charge", queryset=Field.objects.only("pk")))
            .order_by("pk")
        )
        for leader in leaders:
            leader.field_ids = frozenset(field.pk for field in leader.fields_in_charge.all())
        return leaders

    def of_unit(self, unit_id, *roles):
        key = (unit_id, roles)
        if key not in self.units:
            self.units[key] = list(
                User.objects.filter(
                    is_active=True, groups__name__in=[r.value for r in roles], organization_id=unit_id
                )
                .distinct()
                .order_by("pk")
            )
        return self.units[key]

    def leaders_for(self, field_ids):
        """The leaders in charge of any of `field_ids` (lãnh đạo phụ trách lĩnh vực, set on each
        user in the admin); every leader when none of them is, or there is no field: nothing falls
        through. The one answer to "which leader is in charge of this"."""
        in_charge = [leader for leader in self.leaders if leader.field_ids & field_ids]
        return in_charge or list(self.leaders)

    def of_ban(self, task):
        """The ladder's last step: the staff member who assigned the task, and the leaders in
        charge of its fields (Task.field_ids)."""
        people = self.leaders_for(task.field_ids())
        creator = task.created_by
        if creator is not None and creator.is_active and creator.sees_everything and creator not in people:
            people.insert(0, creator)
        return people
