"""Pages of a drafted report's way to the register: staff write the sections and submit, leaders
comment, return or approve; and the register of outgoing documents with its xlsx export.

Each page starts with `page()` (visible, method, rule) and writes through reports.services."""

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khoagiao.locking import Conflict
from khoagiao.spreadsheets import escape_row
from organizations.access import page
from outgoing.models import Entry

from . import services
from .models import Report

SECTION_HELP = gettext_lazy('Plain text: one paragraph per line; a line starting with "- " is a bullet.')


class SectionsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    results_text = forms.CharField(
        label=gettext_lazy("Results by field"),
        required=False,
        help_text=SECTION_HELP,
        widget=forms.Textarea(attrs={"rows": 12, "class": "form-control"}),
    )
    limitations_text = forms.CharField(
        label=gettext_lazy("Limitations and causes"),
        required=False,
        help_text=SECTION_HELP,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
    )
    directions_text = forms.CharField(
        label=gettext_lazy("Directions for the next period"),
        required=False,
        help_text=SECTION_HELP,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
    )


def _initial(report):
    return {"version": report.version, **{name: getattr(report, name) for name in services.SECTIONS}}


@page(Report, methods=("GET", "POST"), action="report.edit")
def edit(request, report):
    """Write the sections of a draft. A colleague's save in between is shown, never overwritten."""
    if not report.is_editable:
        messages.info(request, _("This report is not a draft any more; it cannot be edited."))
        return redirect("reports:detail", pk=report.pk)
    form = SectionsForm(request.POST or None, initial=_initial(report))
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_edit(
                report=report,
                by=request.user,
                version=data["version"],
                **{name: data[name] for name in services.SECTIONS},
            )
        except Conflict as exc:
            conflict = exc
            form = SectionsForm({**request.POST.dict(), "version": exc.version}, initial=_initial(exc.obj))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("reports:detail", pk=report.pk)
        else:
            messages.success(request, _("The sections were saved."))
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/edit.html", {"report": report, "form": form, "conflict": conflict})


def _act(request, report, call, done):
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("reports:detail", pk=report.pk)


@page(Report, methods=("POST",), action="report.edit")
def submit(request, report):
    return _act(
        request,
        report,
        lambda: services.report_submit(report=report, by=request.user, comment=request.POST.get("text", "")),
        _("The report was submitted to the leaders."),
    )


@page(Report, methods=("POST",), action="report.edit")
def preview(request, report):
    def call():
        if not services.report_preview(report=report, by=request.user):
            raise ValidationError(_("A PDF of this report is being prepared already."))

    return _act(request, report, call, _("The preview is being prepared."))


@page(Report, methods=("POST",), action="report.comment")
def comment(request, report):
    return _act(
        request,
        report,
        lambda: services.report_comment(report=report, by=request.user, text=request.POST.get("text", "")),
        _("Your comment was added."),
    )


@page(Report, methods=("POST",), action="report.return")
def send_back(request, report):
    return _act(
        request,
        report,
        lambda: services.report_return(report=report, by=request.user, comment=request.POST.get("text", "")),
        _("The report was returned to the staff."),
    )


@page(Report, methods=("POST",), action="report.approve")
def approve(request, report):
    return _act(
        request,
        report,
        lambda: services.report_approve(report=report, by=request.user, comment=request.POST.get("text", "")),
        _("The report was approved: it is numbered and being issued."),
    )


@page(Report, methods=("POST",), action="report.edit")
def correct(request, report):
    try:
        new = services.report_correct(replaces=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, _("A correction was drafted; it names the report it replaces."))
    return redirect("reports:detail", pk=new.pk)


# --- the register of outgoing documents ----------------------------------------------------


def _register_rows(request, entries):
    rows = []
    for entry in entries:
        link = ""
        if entry.report_id:
            link = request.build_absolute_uri(reverse("reports:download", kwargs={"pk": entry.report_id}))
        elif entry.conclusion_id:
            link = request.build_absolute_uri(
                reverse("meetings:detail", kwargs={"pk": entry.conclusion.meeting_id})
            )
        rows.append((entry, link))
    return rows


@page(action="register.view")
def register(request):
    """Sổ văn bản đi: every number given, newest first; ?format=xlsx downloads it."""
    entries = Entry.objects.visible_to(request.user).select_related("created_by", "conclusion", "report")
    year = request.GET.get("year", "")
    if year.isdigit():
        entries = entries.filter(year=int(year))
    entries = entries.order_by("-year", "-issued_on", "doc_type", "-sequence")
    rows = _register_rows(request, entries)
    if request.GET.get("format") == "xlsx":
        return _xlsx(rows)
    years = Entry.objects.visible_to(request.user).values_list("year", flat=True).distinct().order_by("-year")
    return render(request, "reports/register.html", {"rows": rows, "years": list(years), "year": year})


def _xlsx(rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "So van ban di"
    sheet.append(
        [
            _("Number"),
            _("Date"),
            _("Type"),
            _("Abstract (trích yếu)"),
            _("Signed by"),
            _("Recipients"),
            _("File"),
        ]
    )
    for entry, link in rows:
        sheet.append(
            escape_row(
                [
                    entry.number,
                    entry.issued_on.strftime("%d/%m/%Y"),
                    entry.get_doc_type_display(),
                    entry.summary,
                    entry.signer_name,
                    "; ".join(entry.recipient_list),
                    link,
                ]
            )
        )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="so-van-ban-di.xlsx"'
    return response
