"""Task pages. A liaison's home (khoagiao.views.home) is built from `unit_home_context`; the URL
names `list` and `detail` are linked from the other apps."""

from .files import attach, attachment
from .home import unit_home_context
from .tasks import cancel, create, detail, edit, export, index, reopen, update

__all__ = [
    "attach",
    "attachment",
    "cancel",
    "create",
    "detail",
    "edit",
    "export",
    "index",
    "reopen",
    "unit_home_context",
    "update",
]
