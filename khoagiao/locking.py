"""The one optimistic lock of the portal (lost updates, RELIABILITY G22 in docs/operations.md).

Every editable record has a `version` that each change raises by one. A form carries the version it
was loaded at; the service locks the row and refuses the save with `Conflict` if the row has moved
on since, telling what changed and who changed it (from the audit history). The form page then
shows templates/includes/conflict.html above the user's entries, which are kept, with the form now
at the current version, so saving again applies them knowingly.
"""

from django.utils.translation import gettext as _

from .audit import changes_since


class Conflict(Exception):
    """The record changed after the form was loaded; nothing was saved."""

    def __init__(self, obj, changes=(), people=()):
        super().__init__(f"stale {obj._meta.label} version")
        self.obj = obj
        self.changes = list(changes)
        self.people = list(people)

    @property
    def version(self):
        return self.obj.version

    @property
    def message(self):
        noun = getattr(self.obj, "conflict_noun", None) or self.obj._meta.verbose_name
        return _("Not saved: someone else changed this %(thing)s after you opened it.") % {"thing": noun}


def lock(queryset, pk, *, version=None):
    """The row `pk` of `queryset` (or model), locked until the transaction ends. With a `version`
    (what the form was loaded at), Conflict if the row is no longer at it."""
    queryset = getattr(queryset, "objects", queryset)
    fresh = queryset.select_for_update(of=("self",)).get(pk=pk)
    if version is not None and fresh.version != int(version):
        found = changes_since(fresh, int(version))
        changes, people = found if found else ([], [])
        raise Conflict(fresh, changes, people)
    return fresh


def bump(obj):
    """Count a change: the next save makes older forms stale."""
    obj.version += 1
