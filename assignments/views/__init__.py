"""Task pages. khoagiao.views.home shows `unit_home` to a liaison; the URL names `list` and
`detail` are linked from the other apps."""

from .files import attach, attachment
from .home import unit_home
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
    "unit_home",
    "update",
]
