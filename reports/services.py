"""Report jobs: request, render, sweep, retry (docs/operations.md, "Jobs").

- The request is saved first and sent to the worker only after the transaction commits; if the
  broker cannot be reached the job stays QUEUED and the sweeper sends it later.
- The worker claims the row (QUEUED → RENDERING, attempts + 1) under a row lock, so that a second
  delivery of the same message finds nothing to do; a READY job is never rendered again.
- The PDF is written to a temporary file in the final folder, fsynced, and moved into place with
  os.replace only by the claim that still holds the row; READY and the SHA-256 are saved in the
  same transaction. A crash leaves either no file, or a complete file whose row the sweeper
  sends again.
- The sweeper sends again the jobs whose heartbeat stopped and fails them after N attempts.
The claim, heartbeat, files, sweeper and retry are the portal's one job mechanism (khoagiao.jobs);
this module says what a report's job does. Views, the management command, beat and the Celery
tasks all call these functions.
"""

import hashlib
import json
import logging
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import (
    IntegrityError,
    transaction,
)
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khoagiao import jobs
from khoagiao.locking import bump, lock
from khoagiao.pdf import AssetOnlyFetcher, render_document, render_html
from khoagiao.periods import Period
from khoagiao.text import nfc
from organizations.access import SYSTEM, service, user_of

from .models import Report, ReportComment

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = jobs.TRANSIENT_ERRORS


def _params_hash(params):
    return hashlib.sha256(json.dumps(params, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@service("report.request")
@transaction.atomic
def report_request(
    *,
    kind,
    period,
    by,
    organization=None,
    directive=None,
    number="",
    signer_name="",
    proposals="",
    schedule_name="",
    as_of=None,
    enqueue=True,
    draft=False,
):
    """Save a report request and send it to the worker after commit. Returns (report, created).
    `enqueue=False` is for callers that render it themselves (the management command).

    The same person asking for the same report while it is queued or rendering gets that job;
    a schedule makes at most one report per period. A `draft` (the schedule's) starts with its
    sections pre-filled from the giao ban that reviews the period (reports.drafts) and goes through
    edit → submit → approve before it is numbered and issued; its renders are previews. Without a
    `signer_name`, the one set for the Ban's reports (REPORTS_SIGNER_NAME) is printed, whichever
    way the report was asked for."""
    period = Period.parse(period)
    as_of = as_of or timezone.localdate()
    organization = organization if kind == Report.Kind.UNIT else None
    directive = directive if kind == Report.Kind.DIRECTIVE else None
    params = {
        "kind": kind,
        "period": str(period),
        "organization": organization.pk if organization else None,
        "directive": directive.pk if directive else None,
        "number": (number or "").strip(),
        "signer_name": (signer_name or "").strip() or _province_signer(),
        "proposals": (proposals or "").strip(),
        "as_of": as_of.isoformat(),
        "draft": bool(draft),
    }
    digest = _params_hash(params)
    if schedule_name:
        existing = Report.objects.filter(schedule_name=schedule_name, period=period)
    elif user_of(by) is not None:
        existing = Report.objects.active().filter(requested_by=by, params_hash=digest)
    else:
        existing = Report.objects.none()
    found = existing.first()
    if found:
        return found, False
    sections = {}
    if draft and number:
        raise ValidationError(
            _("A draft takes its number from the register when it is approved."), code="number"
        )
    if draft:
        from .drafts import prefill

        # A unit's report starts from that unit's own passages; a directive's from none.
        if kind != Report.Kind.DIRECTIVE:
            sections = prefill(period, organization=organization)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                stage=Report.Stage.DRAFT if draft else "",
                **sections,
                kind=kind,
                period=period,
                organization=organization,
                directive=directive,
                as_of=as_of,
                number=params["number"],
                signer_name=params["signer_name"],
                proposals=params["proposals"],
                requested_by=user_of(by),
                schedule_name=schedule_name,
                params_hash=digest,
            )
    except IntegrityError:
        # Two requests raced (a double click, beat firing twice): the other one won.
        found = existing.first()
        if found is None:
            raise
        return found, False
    if enqueue:
        transaction.on_commit(partial(report_enqueue, report_id=report.pk), robust=True)
    return report, True


def _render_task():
    from .tasks import report_render_task

    return report_render_task


JOB = jobs.JobKind(
    name="report",
    model=Report,
    queued=Report.Status.QUEUED,
    running=Report.Status.RENDERING,
    failed=Report.Status.FAILED,
    settings_prefix="REPORTS",
    task=_render_task,
)


def report_enqueue(*, report_id):
    """Send a queued job to the worker. With the broker down, log and leave it for the sweeper."""
    return jobs.enqueue(JOB, report_id)


def final_name(report):
    """Where a report's PDF lives in private storage (served only through the download view); a
    draft's preview has its own name, so that the issued file is never a preview."""
    if report.stage in (Report.Stage.DRAFT, Report.Stage.SUBMITTED, Report.Stage.RETURNED):
        return f"reports/{report.created_at:%Y/%m}/{report.pk}-ban-thao.pdf"
    return f"reports/{report.created_at:%Y/%m}/{report.pk}.pdf"


def _docx_name(report):
    """The issued report's Word file, beside its PDF."""
    return final_name(report).removesuffix(".pdf") + ".docx"


def _finish(report_id, attempt, temp_path, name, pages, docx_path=None):
    """Move the file(s) into place and mark READY, only if this attempt still holds the row."""
    with transaction.atomic():
        report = jobs.held(JOB, report_id, attempt)
        if report is None:
            return False
        sha256, size = jobs.sha256_of_file(temp_path), temp_path.stat().st_size
        jobs.put_in_place(temp_path, name)
        report.file.name = name
        report.sha256, report.size, report.pages = sha256, size, pages
        report.status = Report.Status.READY
        report.finished_at = timezone.now()
        report.last_error = ""
        fields = ["file", "sha256", "size", "pages", "status", "finished_at", "last_error"]
        if docx_path is not None:
            report.docx_sha256 = jobs.sha256_of_file(docx_path)
            jobs.put_in_place(docx_path, _docx_name(report))
            report.docx_file.name = _docx_name(report)
            fields += ["docx_file", "docx_sha256"]
        if report.stage in (Report.Stage.DRAFT, Report.Stage.SUBMITTED, Report.Stage.RETURNED):
            # A preview: nothing is issued; the staff hear of the schedule's first draft.
            report.save(update_fields=fields)
            if report.schedule_name and report.stage == Report.Stage.DRAFT:
                from .notifications import notify_draft_enqueue

                transaction.on_commit(partial(notify_draft_enqueue, report_id=report.pk), robust=True)
            return True
        if report.stage == Report.Stage.APPROVED:
            report.stage = Report.Stage.ISSUED
            fields.append("stage")
        report.save(update_fields=fields)
        # Issued as rendered: the signatures app (above this one) records it and seals it if configured.
        from signatures.services import report_issue

        report_issue(report=report)
        if report.stage == Report.Stage.ISSUED:
            from .notifications import dispatch_enqueue

            transaction.on_commit(partial(dispatch_enqueue, report_id=report.pk), robust=True)
        if report.schedule_name:
            from .notifications import notify_ready_enqueue

            transaction.on_commit(partial(notify_ready_enqueue, report_id=report.pk), robust=True)
    return True


def report_render(*, report_id, heartbeat=True):
    """Claim and render one job. Returns the report when this call made it READY, else None.

    Not one transaction on purpose: the claim, the render (minutes, no locks held) and the finish
    are separate steps, each safe to repeat."""
    report = jobs.claim(JOB, report_id, select_related=("organization", "directive", "requested_by"))
    if report is None:
        logger.info("report %s: nothing to do (already taken, finished or gone)", report_id)
        return None
    attempt = report.attempts
    pulse = jobs.Heartbeat.start_for(JOB, report, enabled=heartbeat)
    temp_path = docx_path = None
    try:
        from .content import TEMPLATE, report_context

        with translation.override("vi"), timezone.override(ZoneInfo(settings.TIME_ZONE)):
            context = report_context(report, user=SYSTEM)
            # One HTML for both files of the issued report: the PDF and the DOCX say the same.
            html = render_html(TEMPLATE, context)
            document = render_document(TEMPLATE, context, fetcher=AssetOnlyFetcher(), html=html)
            name = final_name(report)
            handle = jobs.temp_file_beside(name, report.pk)
            temp_path = Path(handle.name)
            with handle:
                document.write_pdf(target=handle)
                jobs.close_synced(handle)
            if report.stage == Report.Stage.APPROVED:
                from .word import report_docx_bytes

                handle = jobs.temp_file_beside(name, report.pk)
                docx_path = Path(handle.name)
                with handle:
                    handle.write(report_docx_bytes(html, context["header"]))
                    jobs.close_synced(handle)
            if _finish(report.pk, attempt, temp_path, name, len(document.pages), docx_path):
                temp_path = docx_path = None
                report.refresh_from_db()
                return report
            return None
    except SoftTimeLimitExceeded:
        minutes = max(1, settings.REPORTS_SOFT_TIME_LIMIT // 60)
        with translation.override("vi"):
            jobs.fail(
                JOB,
                report.pk,
                attempt,
                _(
                    "Preparing the report took longer than the %(minutes)s minutes allowed. Choose a shorter "
                    "period or one unit, or ask the administrator to raise the limit."
                )
                % {"minutes": minutes},
            )
        return None
    except jobs.TRANSIENT_ERRORS:
        jobs.release(JOB, report.pk, attempt)
        raise
    except Exception:
        reference = str(report.pk)[:8]
        logger.exception("report %s: rendering failed (reference %s)", report.pk, reference)
        with translation.override("vi"):
            jobs.fail(
                JOB,
                report.pk,
                attempt,
                _(
                    "The report could not be prepared because of an error in the portal. The error was "
                    "recorded for the administrator (reference %(reference)s)."
                )
                % {"reference": reference},
            )
        return None
    finally:
        if pulse:
            pulse.stop()
        for path in (temp_path, docx_path):
            if path is not None:
                path.unlink(missing_ok=True)


def _stuck_message(attempts):
    return _(
        "The report could not be prepared: the process preparing it stopped unexpectedly "
        "%(attempts)s times (too long or out of memory). Try again with a shorter period, or "
        "tell the administrator."
    ) % {"attempts": attempts}


def report_sweep(*, now=None):
    """Beat, every minute: send again what is stuck; fail what keeps dying. Safe to run twice."""
    return jobs.sweep(
        JOB,
        now=now,
        stuck_message=_stuck_message,
        leftovers=lambda report: jobs.remove_leftovers(final_name(report), report.pk),
        send=lambda pk: report_enqueue(report_id=pk),
    )


@service("report.retry", obj="report")
@transaction.atomic
def report_retry(*, report, by):
    """Queue a FAILED job again (a fresh set of attempts). Anything else is left as it is."""
    return jobs.retry(JOB, report, history_user=user_of(by), send=lambda pk: report_enqueue(report_id=pk))


def report_schedule_run(*, schedule_name, today=None, period=None):
    """Beat: the draft of the Ban's report for the latest period that has ended (once per schedule
    and period); staff edit it, a leader approves it, and only then is it numbered and issued."""
    today = today or timezone.localdate()
    period = Period.parse(period) if period else Period.latest_ended(today)
    return report_request(
        by=SYSTEM, kind=Report.Kind.BAN, period=period, schedule_name=schedule_name, as_of=today, draft=True
    )


# --- the draft's way to the register: edit, submit, return, approve -------------------------

SECTIONS = ("results_text", "limitations_text", "directions_text")


class ReportLocked(ValidationError):
    """The report is not in a state that allows this (issued reports never change)."""


def _locked_report(report, *, version=None, stages):
    fresh = lock(Report, report.pk, version=version)
    if fresh.stage not in stages:
        raise ReportLocked(
            _("This report is %(stage)s: it cannot be changed this way.")
            % {"stage": fresh.get_stage_display().lower() if fresh.stage else _("not a draft")},
            code="stage",
        )
    return fresh


def _comment(report, by, action, text=""):
    return ReportComment.objects.create(
        report=report, author=user_of(by), action=action, text=nfc(text) or ""
    )


@service("report.edit", obj="report")
@transaction.atomic
def report_edit(*, report, by, version, **sections):
    """Staff write the sections of a draft (or of a report a leader returned). The form names the
    version it was loaded at: a colleague's save in between is a Conflict, never overwritten."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise TypeError(f"unknown report sections: {sorted(unknown)}")
    fresh = _locked_report(report, version=version, stages=(Report.Stage.DRAFT, Report.Stage.RETURNED))
    changed = False
    for name, value in sections.items():
        value = nfc((value or "").replace("\r\n", "\n")).strip() if value else ""
        if getattr(fresh, name) != value:
            setattr(fresh, name, value)
            changed = True
    if changed:
        bump(fresh)
        fresh._history_user = user_of(by)
        fresh.save()
    return fresh


@service("report.edit", obj="report")
@transaction.atomic
def report_preview(*, report, by):
    """Render the draft as it stands, in the worker (its page shows the progress). False while a
    render is under way."""
    fresh = _locked_report(report, stages=(Report.Stage.DRAFT, Report.Stage.RETURNED, Report.Stage.SUBMITTED))
    if fresh.status in (Report.Status.QUEUED, Report.Status.RENDERING):
        return False
    fresh.status, fresh.attempts = Report.Status.QUEUED, 0
    fresh.last_error, fresh.enqueued_at, fresh.finished_at = "", None, None
    fresh._history_user = user_of(by)
    fresh.save()
    transaction.on_commit(partial(report_enqueue, report_id=fresh.pk), robust=True)
    return True


@service("report.edit", obj="report")
@transaction.atomic
def report_submit(*, report, by, comment=""):
    """Staff hand the draft to those who approve its kind; a unit's head is told on its bell."""
    from .notifications import report_submitted_notify

    fresh = _locked_report(report, stages=(Report.Stage.DRAFT, Report.Stage.RETURNED))
    fresh.stage = Report.Stage.SUBMITTED
    bump(fresh)
    fresh._history_user = user_of(by)
    fresh.save()
    _comment(fresh, by, ReportComment.Action.SUBMIT, comment)
    report_submitted_notify(fresh)
    return fresh


@service("report.comment", obj="report")
@transaction.atomic
def report_comment(*, report, by, text):
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the comment."), code="empty")
    fresh = _locked_report(report, stages=(Report.Stage.DRAFT, Report.Stage.SUBMITTED, Report.Stage.RETURNED))
    return _comment(fresh, by, ReportComment.Action.COMMENT, text)


@service("report.return", obj="report")
@transaction.atomic
def report_return(*, report, by, comment):
    """A leader sends the report back to the staff, saying why."""
    if not (comment or "").strip():
        raise ValidationError(_("Say what should be changed."), code="empty")
    fresh = _locked_report(report, stages=(Report.Stage.SUBMITTED,))
    fresh.stage = Report.Stage.RETURNED
    bump(fresh)
    fresh._history_user = user_of(by)
    fresh.save()
    _comment(fresh, by, ReportComment.Action.RETURN, comment)
    return fresh


@service("report.approve", obj="report")
@transaction.atomic
def report_approve(*, report, by, comment="", at=None):
    """A leader approves the report: in this transaction it takes the next BC number of the
    register of outgoing documents (outgoing.services.number_take, under a row lock) and the date
    of the approval day, and goes to the worker for its final PDF; when that is READY it is issued
    (signatures.services.report_issue: archived, sealed when configured) and e-mailed to its
    recipients. A failed render keeps the number: the retry renders again, it never numbers again."""
    from outgoing.services import number_take

    from .content import issuer_for, summary_for

    fresh = _locked_report(report, stages=(Report.Stage.SUBMITTED,))
    now = at or timezone.now()
    day = timezone.localdate(now)
    issuer = issuer_for(fresh)
    entry = number_take(
        doc_type="BC",
        day=day,
        symbol=issuer.symbol if issuer else "",
        summary=f"Báo cáo {summary_for(fresh, fresh.period)}",
        by=by,
        signer_name=fresh.signer_name,
        recipients=fresh.province.recipient_list,
        report=fresh,
    )
    fresh.number = entry.number
    # The issued document counts its figures on the day it is dated, as the dashboard does that day.
    fresh.as_of = day
    fresh.stage = Report.Stage.APPROVED
    fresh.approved_at, fresh.approved_by = now, user_of(by)
    fresh.status, fresh.attempts = Report.Status.QUEUED, 0
    fresh.last_error, fresh.enqueued_at, fresh.finished_at = "", None, None
    bump(fresh)
    fresh._history_user = user_of(by)
    fresh.save()
    _comment(fresh, by, ReportComment.Action.APPROVE, comment)
    transaction.on_commit(partial(report_enqueue, report_id=fresh.pk), robust=True)
    return fresh


@service("report.edit", obj="replaces")
@transaction.atomic
def report_correct(*, replaces, by):
    """A correction of an issued report: a new draft with the same period and text, naming the
    report it replaces. The issued report itself never changes."""
    old = Report.objects.select_for_update().get(pk=replaces.pk)
    if old.stage != Report.Stage.ISSUED:
        raise ReportLocked(_("Only an issued report is corrected by a new one."), code="stage")
    report = Report.objects.create(
        kind=old.kind,
        period=old.period,
        organization=old.organization,
        directive=old.directive,
        as_of=old.as_of,
        signer_name=old.signer_name,
        proposals=old.proposals,
        requested_by=user_of(by),
        params_hash=_params_hash({"corrects": str(old.pk), "at": timezone.now().isoformat()}),
        stage=Report.Stage.DRAFT,
        replaces=old,
        **{name: getattr(old, name) for name in SECTIONS},
    )
    transaction.on_commit(partial(report_enqueue, report_id=report.pk), robust=True)
    return report


def _province_signer():
    """The name printed under the signature of the province's reports (its record), if set."""
    from organizations.provinces import current_province

    province = current_province()
    return province.signer_name if province else ""
