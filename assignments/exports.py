"""The task list as CSV or XLSX: the rows the user sees in the list (same filters, no paging).

Every text cell goes through khoagiao.spreadsheets.escape_cell (a title such as "=HYPERLINK(...)"
is written as text), dates are real dates in XLSX and dd/mm/yyyy in CSV."""

import csv
import datetime
import io
from collections import defaultdict

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from khoagiao.spreadsheets import escape_cell

from .models import Task

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _source(task):
    parts = []
    if task.directive_id:
        parts.append(task.directive.number)
    if task.meeting_id:
        parts.append(task.meeting.title)
    if task.agreement_item_id:
        agreement = task.agreement_item.agreement
        parts.append(f"{agreement.number or agreement.title[:60]} · {task.agreement_item.order}")
    return "; ".join(parts)


def headers():
    return [
        _("No."),
        _("Title"),
        _("Source"),
        _("Lead unit"),
        _("Cooperating units"),
        _("Field"),
        _("Assigned on"),
        _("Due on"),
        _("Completed on"),
        _("Status"),
        _("Progress (%)"),
    ]


def _cooperating_names(tasks):
    """{task id: [cooperating units' names]} in one query: prefetching them for thousands of rows
    builds a related manager per task, which took most of an export's time."""
    names = defaultdict(list)
    links = (
        Task.cooperating.through.objects.filter(task__in=tasks.values("id"))
        .order_by("organization__name")
        .values_list("task_id", "organization__name")
    )
    for task_id, name in links:
        names[task_id].append(name)
    return names


def rows(tasks):
    cooperating = _cooperating_names(tasks)
    for task in tasks.prefetch_related(None).iterator(chunk_size=2000):
        progress = task.shown_progress
        yield [
            task.pk,
            task.title,
            _source(task),
            task.lead.name,
            ", ".join(cooperating.get(task.pk, ())),
            task.field.name if task.field_id else "",
            task.assigned_on,
            task.due_on,
            task.completed_on,
            str(task.bucket.label),
            "" if progress is None else progress,
        ]


def _filename(ext):
    return f"nhiem-vu-{timezone.localdate():%Y-%m-%d}.{ext}"


def as_csv(tasks):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 (Vietnamese) only with a byte order mark
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for row in rows(tasks):
        writer.writerow(
            [
                escape_cell(value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value)
                for value in row
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_filename("csv")
    )
    return response


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell
    return escape_cell(value)


def as_xlsx(tasks):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Tasks"))
    sheet.append(headers())
    for row in rows(tasks):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_filename("xlsx")
    )
    return response
