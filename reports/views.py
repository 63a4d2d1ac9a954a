"""Pages of the reports app: the dashboard ("Tổng quan"), the archive, one report, its download."""

from dataclasses import replace

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assignments.views import unit_home_context
from caching.pages import cached
from khoagiao.audit import history_entries
from khoagiao.files import private_file_response
from organizations.access import may, page
from organizations.provinces import days

from . import services
from .charts import dashboard_charts, national_charts
from .dashboard import Filters, build_dashboard, year_choices
from .decisions import leader_queue, reports_awaiting
from .forms import DashboardFilterForm, ReportFilterForm, ReportRequestForm
from .models import Report
from .national import national_figures
from .times import schedules_of_this_province


@page()
def dashboard(request):
    """Tổng quan, one page in two orders. Whoever may approve reports or conclusions (RULES: the
    leaders) gets it action-first: what waits for their decision, the overdue tasks by unit with
    the liaisons told, then the figures. Staff keep their working view: the figures, the overdue
    and coming tasks, the giao ban, the reviews. The figures are build_dashboard's for both (the
    querysets make a liaison's its own unit's); the breakdowns follow, each behind a disclosure."""
    today = timezone.localdate()
    form = DashboardFilterForm(
        request.GET or None, user=request.user, today=today, years=year_choices(request.user, today)
    )
    filters = form.filters()
    data, body = cached(
        "dashboard",
        request.user,
        filters.query(),
        lambda: _dashboard_body(request.user, filters, today),
        today=today,
    )
    data = replace(data, user=request.user)
    context = {"form": form, "filters": filters, "dashboard": data, "body": body}
    context["queue"] = leader_queue(request.user, data)
    if may(request.user, "report.request"):
        initial = {"kind": Report.Kind.UNIT if filters.unit else Report.Kind.BAN}
        if filters.unit:
            initial["organization"] = filters.unit.pk
        if filters.kind or filters.year != today.year:
            initial["period"] = str(filters.period)
        context["request_form"] = ReportRequestForm(user=request.user, today=today, initial=initial)
    return render(request, "reports/dashboard.html", context)


def _dashboard_body(user, filters, today):
    """The dashboard's figures and what is drawn from them alone (the figures, the tasks that need
    attention, the breakdowns), the same for every viewer of the same audience until the data
    changes: cached by the view (caching/pages.py). Rendered without the request, so that nothing
    of one viewer's (a CSRF token, a name) can be kept for another."""
    data = build_dashboard(user, filters, today=today)
    context = {
        "filters": filters,
        "dashboard": data,
        # On the page a chart is a picture: its links are in the data table beside it.
        "charts": dashboard_charts(data, links=False, size=14),
        # What the request's context would give: whether the viewer's role has a queue (the
        # audience names the role), and the province's "no update in K days".
        "queue": may(user, "report.approve") or may(user, "conclusion.approve"),
        "stale_days": days("notices_stale_days"),
    }
    return replace(data, user=None), render_to_string("reports/includes/dashboard_body.html", context)


def unit_home(request):
    """A liaison's home page (khoagiao.views.home): its unit's tasks by due date, with this year's
    completion figures and the giao ban report the unit still owes on top."""
    today = timezone.localdate()
    context = unit_home_context(request)
    context["dashboard"] = build_dashboard(request.user, Filters(year=today.year), today=today)
    # A unit's head: its unit's reports the Ban submitted for its approval (none for a liaison,
    # who sees no report: the queryset answers without a query).
    context["awaiting"] = reports_awaiting(request.user)
    return render(request, "reports/unit_home.html", context)


@page(action="report.view_archive")
def index(request):
    """The archive: every report with its status, filters, and the "generate now" form."""
    today = timezone.localdate()
    filter_form = ReportFilterForm(request.GET or None, today=today)
    reports = filter_form.apply(
        Report.objects.visible_to(request.user).select_related(
            "organization", "directive", "requested_by", "issued_document"
        )
    )
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/list.html",
        {
            "filter_form": filter_form,
            "page_obj": page,
            "reports": page.object_list,
            "query_string": query.urlencode(),
            "request_form": ReportRequestForm(user=request.user, today=today),
            "schedules": _schedules(),
        },
    )


# What each of the reports app's jobs does, as the page tells it: a fact of the code, so it is
# translated here and follows the code; the row's own description (admin-editable) is shown for
# a job this list does not know.
SCHEDULE_PURPOSES = {
    "reports.periodic_report": gettext_lazy(
        "Makes the draft of the Ban's progress report for the period just ended (quarter I, 6 months, "
        "9 months, year) and e-mails the staff a link to it; the staff complete the draft and submit "
        "it, and only after a leader of the Ban approves it is it numbered, issued and sent."
    ),
    "reports.sweep": gettext_lazy(
        "Sends again the report requests not yet handled; "
        "marks them failed after the maximum number of tries."
    ),
    "reports.daily_reminders": gettext_lazy(
        "Reminds the liaisons of the tasks due soon or overdue and of the giao ban reports not yet sent "
        "(those who take the daily digest find it in their digest)."
    ),
    "reports.weekly_digest": gettext_lazy(
        "Sends the leaders of the Ban the week's summary of the tasks (those who take the daily digest "
        "find it in that day's digest; those who take escalations only do not receive it)."
    ),
}


def _schedules():
    from django_celery_beat.models import PeriodicTask

    schedules = schedules_of_this_province(
        PeriodicTask.objects.filter(task__startswith="reports.")
        .select_related("crontab", "interval")
        .order_by("name")
    )
    for schedule in schedules:
        schedule.purpose = SCHEDULE_PURPOSES.get(schedule.task) or schedule.description
    return schedules


@page(methods=("GET", "POST"), action="report.request")
def create(request):
    """Ask for a report now: the job is saved, sent to the worker, and its page shows its progress."""
    today = timezone.localdate()
    form = ReportRequestForm(request.POST or None, user=request.user, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report, created = services.report_request(
            by=request.user,
            kind=data["kind"],
            period=form.period_value,
            organization=data.get("organization"),
            directive=data.get("directive"),
            number=data["number"],
            signer_name=data["signer_name"],
            proposals=data["proposals"],
            draft=data.get("draft", False),
        )
        if created:
            messages.success(request, _("Your report was requested. This page shows when it is ready."))
        else:
            messages.info(request, _("The same report is already being prepared; here it is."))
        return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/create.html", {"form": form})


# A job's history shows how its state moved; the request's own fields are on the page already.
HISTORY_FIELDS = {"status", "attempts", "last_error", "sha256"}
HISTORY_EXCLUDED = frozenset(f.name for f in Report._meta.concrete_fields) - HISTORY_FIELDS


# A drafted report's history shows its sections and its way to the register as well.
DRAFT_HISTORY_EXCLUDED = HISTORY_EXCLUDED - {
    "results_text",
    "limitations_text",
    "directions_text",
    "stage",
    "number",
    "approved_at",
}


@page(lambda: Report.objects.select_related("organization", "directive", "requested_by", "replaces"))
def detail(request, report):
    context = {
        "report": report,
        "history": history_entries(
            report.history.all(), excluded=DRAFT_HISTORY_EXCLUDED if report.stage else HISTORY_EXCLUDED
        ),
        "can_request": may(request.user, "report.request"),
        # A unit's head sees its unit's submitted reports, not the archive they are part of.
        "in_archive": may(request.user, "report.view_archive"),
    }
    if report.stage:
        from .content import SECTIONS
        from .markup import blocks
        from .notifications import recipients_of

        context.update(
            {
                "sections": [
                    (Report._meta.get_field(name).verbose_name, blocks(getattr(report, name)))
                    for name in SECTIONS
                ],
                "comments": report.comments.select_related("author").order_by("created_at", "id"),
                "can_edit": may(request.user, "report.edit", report) and report.is_editable,
                "can_submit": may(request.user, "report.edit", report) and report.is_editable,
                "can_comment": may(request.user, "report.comment", report)
                and report.stage in (Report.Stage.DRAFT, Report.Stage.SUBMITTED, Report.Stage.RETURNED),
                "can_decide": may(request.user, "report.approve", report)
                and report.stage == Report.Stage.SUBMITTED,
                "can_correct": may(request.user, "report.edit", report) and report.is_issued,
                "recipients": recipients_of(report),
                "sent": set(report.dispatches.values_list("address", flat=True)),
            }
        )
    return render(request, "reports/detail.html", context)


@page(Report)
def status(request, report):
    """The job's state, polled by static/js/reports.js while it renders."""
    return JsonResponse(
        {
            "status": report.status,
            "label": report.get_status_display(),
            "finished": report.is_finished,
            "waiting_for_broker": report.waiting_for_broker,
            "attempts": report.attempts,
            "error": report.last_error,
        }
    )


@page(Report)
def download(request, report):
    if report.status != Report.Status.READY:
        raise Http404
    # Once signed, the signed file is the document of record (the unsigned one: signatures' page).
    from signatures.views import report_record

    signed = report_record(report)
    if signed is not None:
        return signed
    return private_file_response(report.file, report.download_name(), content_type="application/pdf")


@page(Report)
def download_docx(request, report):
    """The issued report's Word file: the same `page` check as its PDF; none before it is issued."""
    if report.status != Report.Status.READY or not report.docx_file:
        raise Http404
    from khoagiao.word import DOCX_TYPE

    return private_file_response(report.docx_file, report.docx_download_name(), content_type=DOCX_TYPE)


@page(Report, methods=("POST",), action="report.retry")
def retry(request, report):
    if services.report_retry(report=report, by=request.user):
        messages.success(request, _("The report was queued again."))
    else:
        messages.info(request, _("Only a report that failed can be tried again."))
    return redirect("reports:detail", pk=report.pk)


@page(action="national.view")
def national(request):
    """Toàn quốc: the central Ban's view of every province's tasks (reports/national.py)."""
    today = timezone.localdate()
    years = range(today.year - 4, today.year + 2)
    year = request.GET.get("nam", "")
    # An unknown year (typed in the address) shows the current one, as the year menu offers.
    year = int(year) if year.isdigit() and int(year) in years else today.year
    figures = national_figures(request.user, today=today, year=year)
    return render(
        request,
        "reports/national.html",
        {
            "years": years,
            "today": today,
            "figures": figures,
            "charts": national_charts(figures, size=14),
        },
    )
