"""Spreadsheets: export of the (filtered) register for readers; import for admins only, in two
steps, upload -> preview -> confirm, where the confirmation names the stored file only by the
token the session holds (imports/storage.py)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from organizations.access import page
from organizations.second_factor import admin_required

from .. import services
from ..filters import DirectiveFilter
from ..forms import ImportForm
from ..imports import storage
from ..imports.columns import COLUMNS
from ..imports.plan import ERROR, NEW, UNCHANGED, UPDATED, changes, describe
from ..imports.reader import FileRejected, check_size, file_format
from ..models import Directive, ImportLog
from ..resources import FORMATS, export_file, template_workbook

PREVIEW_ROWS = 300
PREVIEW_ERRORS = 300


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


@admin_required
@require_safe
def import_template(request):
    return _download(
        template_workbook(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mau-nhap-van-ban-chi-dao.xlsx",
    )


def _upload_page(request, form):
    return render(
        request,
        "directives/import_upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "logs": ImportLog.objects.select_related("user")[:10],
            "pending": storage.current(request),
            "max_mb": f"{settings.DIRECTIVE_IMPORT_MAX_BYTES / 1048576:g}",
            "max_rows": f"{settings.DIRECTIVE_IMPORT_MAX_ROWS:,}".replace(",", "."),
        },
    )


@admin_required
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            fmt = file_format(upload.name)
            check_size(upload.size)
        except FileRejected as exc:
            form.add_error("file", str(exc))
        else:
            storage.store(request, upload, upload.name, fmt)
            return redirect("directives:import_preview")
    return _upload_page(request, form)


@admin_required
def import_preview(request):
    if request.method == "POST":
        token = request.POST.get("token", "")
        pending = storage.current(request, token=token)
        if pending is None:
            messages.error(
                request,
                _(
                    "This import is no longer waiting for confirmation (another file was uploaded, or it "
                    "expired). Upload the file again."
                ),
            )
            return _upload_page(request, ImportForm())
        if request.POST.get("action") == "cancel":
            storage.discard(request)
            messages.info(request, _("The import was cancelled; nothing was written."))
            return redirect("directives:import")
        plan, log = services.directive_import_apply(
            path=pending.path, file_name=pending.name, by=request.user
        )
        if log is None:
            messages.error(request, _("Nothing was written: the file has errors."))
            return _preview_page(request, pending, plan)
        storage.discard(request)
        messages.success(
            request,
            _("Imported %(name)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "name": pending.name,
                "new": log.created_count,
                "updated": log.updated_count,
                "unchanged": log.unchanged_count,
            },
        )
        return redirect("directives:import")
    pending = storage.current(request)
    if pending is None:
        return render(request, "directives/import_preview.html", {"pending": None})
    plan = services.directive_import_preview(path=pending.path, file_name=pending.name)
    return _preview_page(request, pending, plan)


def _preview_page(request, pending, plan):
    shown = [row for row in plan.rows if row.status != UNCHANGED][:PREVIEW_ROWS]
    for row in shown:
        row.change_list = changes(row, plan.lookups) if row.status == UPDATED else []
        row.issued_text = describe(row, "issued_on", plan.lookups) if "issued_on" in row.values else ""
        row.body_text = describe(row, "issuing_body", plan.lookups) if "issuing_body" in row.values else ""
    errors = plan.error_messages
    return render(
        request,
        "directives/import_preview.html",
        {
            "pending": pending,
            "plan": plan,
            "counts": plan.counts,
            "rows": shown,
            "rows_hidden": sum(1 for row in plan.rows if row.status != UNCHANGED) - len(shown),
            "errors": errors[:PREVIEW_ERRORS],
            "errors_hidden": max(0, len(errors) - PREVIEW_ERRORS),
            "columns": [column for column in COLUMNS if column.key in plan.keys],
            "statuses": {"new": NEW, "updated": UPDATED, "unchanged": UNCHANGED, "error": ERROR},
        },
    )
