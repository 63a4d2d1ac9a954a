"""Pages of the directive register: list and detail (registry.py), editing and milestones
(editing.py), files (files.py), spreadsheet import and export (spreadsheets.py)."""

from .editing import directive_create, directive_update, milestone_create, milestone_delete, milestone_update
from .files import attachment_add, attachment_delete, attachment_download
from .registry import detail, directive_list
from .spreadsheets import export, import_decide, import_job, import_status, import_template, import_upload

__all__ = [
    "attachment_add",
    "attachment_delete",
    "attachment_download",
    "detail",
    "directive_create",
    "directive_list",
    "directive_update",
    "export",
    "import_decide",
    "import_job",
    "import_status",
    "import_template",
    "import_upload",
    "milestone_create",
    "milestone_delete",
    "milestone_update",
]
