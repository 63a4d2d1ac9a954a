"""Spreadsheets: export of the (filtered) register for readers; import for admins only, as jobs in
the worker (imports/jobs.py): upload -> the file read once, the page following the job -> preview
-> confirm -> the rows written by a second job. A job is named by its id and is its uploader's."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from organizations.access import page
from organizations.second_factor import second_factor_required as _second_factor

from .. import services
from ..filters import DirectiveFilter
from ..forms import ImportForm
from ..imports import jobs
from ..imports.columns import COLUMNS
from ..imports.reader import FileRejected
from ..models import Directive, DirectiveImport, ImportLog
from ..resources import FORMATS, export_file, template_workbook


def _download(data, content_type, filename):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@page(action="directive.export")
def export(request):
    """The register as .xlsx or .csv, with the list's filters applied."""
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(_("Unknown format."))
    base = Directive.objects.visible_to(request.user)
    filterset = DirectiveFilter(request.GET, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_valid() else base.none()
    data, content_type, ext = export_file(queryset, fmt)
    return _download(data, content_type, f"van-ban-chi-dao-{timezone.localdate():%Y%m%d}.{ext}")


def _own(view):
    """An import job is its uploader's: anybody else's is not found (as a session's file was)."""

    @wraps(view)
    def wrapped(request, job, *args, **kwargs):
        if job.requested_by_id != request.user.pk:
            raise Http404
        return view(request, job, *args, **kwargs)

    return wrapped


@page(action="directive.import")
@_second_factor
def import_template(request):
    return _download(
        template_workbook(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mau-nhap-van-ban-chi-dao.xlsx",
    )


@page(action="directive.import", methods=("GET", "POST"))
@_second_factor
def import_upload(request):
    """Upload: the file is stored and sent to the worker, and the job's page follows it."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.directive_import_start(by=request.user, upload=form.cleaned_data["file"])
        except FileRejected as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("directives:import_job", pk=job.pk)
    mine = DirectiveImport.objects.filter(requested_by=request.user)
    return render(
        request,
        "directives/import_upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "logs": ImportLog.objects.select_related("user")[:10],
            "waiting": mine.exclude(status__in=(DirectiveImport.Status.DONE, DirectiveImport.Status.FAILED))[
                :5
            ],
            "max_mb": f"{settings.DIRECTIVE_IMPORT_MAX_BYTES / 1048576:g}",
            "max_rows": f"{settings.DIRECTIVE_IMPORT_MAX_ROWS:,}".replace(",", "."),
        },
    )


@page(DirectiveImport, action="directive.import")
@_second_factor
@_own
def import_job(request, job):
    """One import: its progress while a job runs, then its preview, then its outcome."""
    return render(
        request,
        "directives/import_job.html",
        {"job": job, "preview": job.preview, "statuses": jobs.STATUSES, "Status": DirectiveImport.Status},
    )


@page(DirectiveImport, action="directive.import")
@_second_factor
@_own
def import_status(request, job):
    """What the job page polls (static/js/import.js): small, never cached."""
    response = JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "running": job.is_running,
            "percent": job.percent,
            "rows_read": job.rows_read,
            "rows_total": job.rows_total,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@page(DirectiveImport, action="directive.import", methods=("POST",))
@_second_factor
@_own
def import_decide(request, job):
    """Confirm (the second job writes the rows) or cancel (the file is forgotten)."""
    if request.POST.get("action") == "cancel":
        if services.directive_import_cancel(by=request.user, job=job):
            messages.info(request, _("The import was cancelled; nothing was written."))
            return redirect("directives:import")
        messages.error(request, _("This import can no longer be cancelled."))
        return redirect("directives:import_job", pk=job.pk)
    if not services.directive_import_confirm(by=request.user, job=job):
        messages.error(request, _("This import is not waiting for confirmation; nothing more was done."))
    return redirect("directives:import_job", pk=job.pk)
