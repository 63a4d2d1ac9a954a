"""Operations on meetings that change several rows. Views, the demo data, management commands
and any Celery task call these functions, so the rules hold whatever the entry point:

- each authorizes its `by` itself (organizations.access);
- an approved (concluded) meeting changes only by being reopened, with a reason;
- every change is made under a row lock on the meeting, and an edit must name the version it was
  loaded at (khoagiao.locking: a stale form is refused rather than overwriting a colleague's work);
- tasks reach the units only when the leader approves the conclusion (task_create).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.locking import bump, lock
from khoagiao.text import nfc
from khoagiao.uploads import save_attachments
from organizations.access import service, user_of
from outgoing.models import Entry
from outgoing.services import number_take

from .models import (
    Conclusion,
    ConclusionVersion,
    Finding,
    Meeting,
    MeetingAttachment,
    MeetingReport,
    Proposal,
    TaskItem,
    default_title,
)
from .notice import DEFAULT_RECIPIENTS, notice_content


class MeetingLocked(PermissionDenied):
    """The conclusion is approved: the meeting, its reports and its outcome are read-only."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "The conclusion of this meeting has been approved, so it can no longer be changed. "
                "Reopen it first."
            )
        )


def _locked_meeting(meeting, *, version=None, allow_locked=False):
    """The meeting row, locked for this transaction and re-read, after the state checks."""
    fresh = lock(Meeting, meeting.pk, version=version)
    if fresh.is_locked and not allow_locked:
        raise MeetingLocked()
    return fresh


def _bump(meeting, by, **fields):
    for name, value in fields.items():
        setattr(meeting, name, value)
    bump(meeting)
    meeting._history_user = user_of(by)
    meeting.save()


MEETING_FIELDS = (
    "kind",
    "title",
    "period",
    "starts_at",
    "place",
    "organizer",
    "chair_name",
    "chair_position",
    "attendees_note",
    "agenda",
    "report_due_on",
)


@service("meeting.create")
@transaction.atomic
def meeting_create(*, by, invited=(), attended=(), **fields):
    """Create a meeting and its invitations. A blank title becomes the usual one for the period."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    fields.setdefault("kind", Meeting.Kind.GIAO_BAN)
    if not fields.get("title"):
        fields["title"] = default_title(fields["kind"], fields.get("period"))
    meeting = Meeting(created_by=user_of(by), **fields)
    meeting._history_user = user_of(by)
    meeting.save()
    meeting.invited.set(invited)
    meeting.attended.set(attended)
    return meeting


@service("meeting.update", obj="meeting")
@transaction.atomic
def meeting_update(*, meeting, by, version, invited=None, attended=None, **fields):
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    fresh = _locked_meeting(meeting, version=version)
    if "title" in fields and not fields["title"]:
        fields["title"] = default_title(fields.get("kind", fresh.kind), fields.get("period", fresh.period))
    if invited is not None:
        reported = set(
            fresh.reports.filter(submitted_at__isnull=False).values_list("organization_id", flat=True)
        )
        dropped = reported - {org.pk for org in invited}
        if dropped:
            raise ValidationError(
                _("A unit that has already submitted its report cannot be removed from the invitations."),
                code="reported",
            )
    _bump(fresh, by, **fields)
    if invited is not None:
        fresh.invited.set(invited)
    if attended is not None:
        fresh.attended.set(attended)
    return fresh


def _report_slot(kwargs):
    """What "meeting_report.save" is about: this unit's report to this meeting, saved or not."""
    return MeetingReport(meeting=kwargs["meeting"], organization=kwargs["organization"])


@service("meeting_report.save", obj=_report_slot)
@transaction.atomic
def meeting_report_save(
    *, meeting, organization, by, results, limitations="", proposals="", submit=False, at=None, files=()
):
    """Save a unit's report with its files (written by its liaison, or entered by staff from a
    paper copy); `submit` records the first submission time (timeliness is measured on it). Late
    submissions are accepted and shown as late. `at` is the time of the change (now, unless a
    report received earlier on paper is being recorded)."""
    fresh = _locked_meeting(meeting)
    if not fresh.invited.filter(pk=organization.pk).exists():
        raise ValidationError(_("This unit was not invited to the meeting."), code="not_invited")
    report = (
        MeetingReport.objects.select_for_update().filter(meeting=fresh, organization=organization).first()
    )
    report = report or MeetingReport(meeting=fresh, organization=organization)
    report.results, report.limitations, report.proposals = results, limitations, proposals
    now = at or timezone.now()
    if submit and not report.submitted_at:
        if not (results or "").strip():
            raise ValidationError(_("Write the results before submitting the report."), code="empty")
        report.submitted_at, report.submitted_by = now, user_of(by)
    report.updated_at = now
    report._history_user = user_of(by)
    report.save()
    save_attachments(MeetingAttachment, list(files), by=by, meeting=fresh, report=report)
    return report


def _assign(obj, values):
    """Set the values that differ from the stored ones (NFC-normalised text); True if any did."""
    changed = obj.pk is None
    for name, value in values.items():
        if isinstance(value, str):
            value = nfc(value) or ""
        if obj.pk is None or getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _upsert_rows(model, meeting, rows, fields, by, m2m=()):
    """Apply formset rows: {"id": pk or None, "delete": bool, <fields>}. Ids of other meetings'
    rows are refused; an assigned task row (already a Task) is never changed here."""
    existing = {obj.pk: obj for obj in model.objects.filter(meeting=meeting).prefetch_related(*m2m)}
    order = max((obj.order for obj in existing.values() if getattr(obj, "is_assigned", False)), default=0)
    for row in rows:
        obj = existing.get(row["id"]) if row.get("id") else None
        if row.get("id") and obj is None:
            raise ValidationError(_("A row of this form belongs to another meeting."), code="foreign_row")
        if obj is not None and getattr(obj, "is_assigned", False):
            continue
        if row.get("delete"):
            if obj is not None:
                obj._history_user = user_of(by)
                obj.delete()
            continue
        order += 1
        obj = obj or model(meeting=meeting)
        # Only real changes are written, so the history shows what people changed, not every save.
        changed = _assign(obj, {name: row.get(name) for name in fields}) or obj.order != order
        if changed:
            obj.order = order
            obj._history_user = user_of(by)
            obj.save()
        for name in m2m:
            wanted = {org.pk for org in row.get(name) or []}
            if wanted != {org.pk for org in getattr(obj, name).all()}:
                getattr(obj, name).set(wanted)


CONCLUSION_FIELDS = (
    "number",
    "issued_on",
    "speaker_title",
    "opening",
    "text",
    "signing_authority",
    "signer_position",
    "signer_name",
    "recipients",
)


@service("meeting.outcome", obj="meeting")
@transaction.atomic
def meeting_outcome_save(
    *, meeting, by, version, conclusion, findings=(), task_items=(), proposals=(), attended=None
):
    """Record the outcome on one page: the conclusion's text and signer, and the rows of findings,
    tasks for the next period and proposals. The meeting counts as held from then on."""
    fresh = _locked_meeting(meeting, version=version)
    record = Conclusion.objects.filter(meeting=fresh).first() or Conclusion(meeting=fresh)
    values = {name: conclusion[name] for name in CONCLUSION_FIELDS if name in conclusion}
    values = {k: ("" if v is None and k != "issued_on" else v) for k, v in values.items()}
    if record.pk and Entry.objects.filter(conclusion=record).exists():
        # Numbered from the register: the number and its date are the register's, for good.
        values.pop("number", None)
        values.pop("issued_on", None)
    if "recipients" in values:
        values["recipients"] = "\n".join(
            line.strip() for line in values["recipients"].splitlines() if line.strip()
        )
    if _assign(record, values):
        record.updated_by = user_of(by)
        record._history_user = user_of(by)
        record.save()
    if attended is not None and {o.pk for o in attended} != set(fresh.attended.values_list("pk", flat=True)):
        fresh.attended.set(attended)
    _upsert_rows(Finding, fresh, findings, ("kind", "field", "organization", "text"), by)
    _upsert_rows(TaskItem, fresh, task_items, ("title", "lead", "due_on", "field"), by, m2m=("cooperating",))
    _upsert_rows(Proposal, fresh, proposals, ("content", "from_organization", "forwarded_to", "response"), by)
    _bump(fresh, by, status=Meeting.Status.HELD if fresh.status == Meeting.Status.PLANNED else fresh.status)
    return fresh


def _number_from_register(meeting, record, by, now):
    """A notice approved without a typed number takes the next TB number of the register of
    outgoing documents (the one the Ban's reports take their BC numbers from), in the approval's
    transaction, and is dated on the approval day unless staff gave its date. A number typed by
    the văn thư (a paper register kept in parallel) is printed as typed and not entered."""
    day = record.issued_on or timezone.localdate(now)
    entry = number_take(
        doc_type=Entry.DocType.NOTICE,
        day=day,
        symbol=meeting.organizer.symbol,
        summary=f"Thông báo kết luận {meeting.title}",
        by=by,
        signer_name=record.signer_name,
        recipients=record.recipient_list or DEFAULT_RECIPIENTS,
        conclusion=record,
    )
    record.number, record.issued_on = entry.number, day


@service("conclusion.approve", obj="meeting")
@transaction.atomic
def conclusion_approve(*, meeting, by, at=None):
    """The leader approves the conclusion: the meeting is locked, each new task row becomes a Task
    for its units (assigned on the notice's date), and what was approved is frozen as a version.
    `at` is the approval time (now, unless an earlier meeting is being recorded)."""
    # Downstream app, imported where it is used. The leader's approval is what authorizes these
    # tasks, so the unchecked core is called, not the staff's task_create service.
    from assignments.services import create_task

    fresh = _locked_meeting(meeting)
    record = Conclusion.objects.select_for_update().filter(meeting=fresh).first()
    if record is None or not (record.text or fresh.findings.exists() or fresh.task_items.exists()):
        raise ValidationError(_("Record the outcome of the meeting before approving it."), code="empty")
    now = at or timezone.now()
    assigned_on = record.issued_on or timezone.localdate(now)
    for item in fresh.task_items.filter(task__isnull=True).select_related("lead", "field"):
        task = create_task(
            by=by,
            title=item.title,
            lead=item.lead,
            due_on=item.due_on,
            cooperating=list(item.cooperating.all()),
            meeting=fresh,
            field=item.field,
            assigned_on=min(assigned_on, item.due_on),
        )
        TaskItem.objects.filter(pk=item.pk).update(task=task)
    if not record.number.strip():
        _number_from_register(fresh, record, by, now)
    record.status, record.approved_at, record.approved_by = Conclusion.Status.APPROVED, now, user_of(by)
    record._history_user = user_of(by)
    record.save()
    _bump(fresh, by, status=Meeting.Status.CONCLUDED)
    fresh.conclusion = record
    last = fresh.conclusion_versions.order_by("-number").first()
    version = ConclusionVersion.objects.create(
        meeting=fresh,
        number=(last.number + 1) if last else 1,
        snapshot=notice_content(fresh),
        approved_at=now,
        approved_by=user_of(by),
    )
    # With its number the notice is issued: rendered once, stored, sealed (signatures app, above this one).
    from signatures.services import notice_issue

    notice_issue(version=version, number=record.number)
    return fresh


@service("meeting.reopen", obj="meeting")
@transaction.atomic
def meeting_reopen(*, meeting, by, reason):
    """Reopen an approved meeting for changes. The approved version stays readable, the reason is
    recorded with it and in the conclusion's history; tasks already given to units stay."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the meeting is reopened."), code="reason")
    fresh = _locked_meeting(meeting, allow_locked=True)
    if not fresh.is_locked:
        raise ValidationError(_("This meeting is not approved, so there is nothing to reopen."), code="open")
    record = Conclusion.objects.select_for_update().get(meeting=fresh)
    record.status = Conclusion.Status.DRAFT
    record._history_user = user_of(by)
    record._change_reason = reason
    record.save()
    fresh.conclusion_versions.filter(reopened_at__isnull=True).update(
        reopened_at=timezone.now(), reopened_by=user_of(by), reopen_reason=reason
    )
    fresh._change_reason = reason
    _bump(fresh, by, status=Meeting.Status.HELD)
    return fresh


@service("meeting.attach", obj="meeting")
@transaction.atomic
def meeting_attach(*, meeting, by, files, description=""):
    """Store private files of the meeting itself (minutes, photos); a unit's files come with its
    report (meeting_report_save)."""
    fresh = _locked_meeting(meeting)
    return save_attachments(
        MeetingAttachment, list(files), by=by, meeting=fresh, description=nfc(description) or ""
    )


@service("meeting_attachment.delete", obj="attachment")
@transaction.atomic
def meeting_attachment_delete(*, attachment, by):
    _locked_meeting(attachment.meeting)
    name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(name))
