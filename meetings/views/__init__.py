"""Views of the meetings app, one module per page family."""

from .attachments import add as attachment_add
from .attachments import delete as attachment_delete
from .attachments import download as attachment_download
from .documents import notice_docx, notice_pdf
from .meetings import create, detail, edit, index
from .outcome import approve, outcome, reopen
from .reports import report

__all__ = [
    "approve",
    "attachment_add",
    "attachment_delete",
    "attachment_download",
    "create",
    "detail",
    "edit",
    "index",
    "notice_docx",
    "notice_pdf",
    "outcome",
    "reopen",
    "report",
]
