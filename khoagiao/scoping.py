"""Which province a query is for: the scope, fail-closed (docs/architecture.md, "Provinces").

One installation can hold several provinces' Bans. Every scoped model's default manager filters
by the province (or provinces) of the current scope, and a query made outside any scope raises
`ScopeError` instead of returning every province's rows. The scope's state is django-scopes'
(`scope`, `scopes_disabled`, the same context variable pretix uses); what this module adds is the
filter, because two kinds of row are shared by every province: the central bodies (Bộ Chính trị,
Ban Bí thư, ...) and their directives, whose province is empty.

Who sets the scope:

- a request: `organizations.middleware.ProvinceScopeMiddleware`, from the signed-in user (the
  central Ban's role: every province, read-only by the rules);
- a Celery job: `khoagiao.celery.PortalTask`, from the `province` keyword every job is sent with;
- a command or a test: `in_province(province)`, or `everywhere()` for what spans provinces.
"""

from contextlib import contextmanager

from django.db import models
from django.db.models import Q
from django.db.models.sql import Query
from django_scopes import ScopeError, get_scope, scope, scopes_disabled
from django_scopes.state import state as _state

__all__ = [
    "ScopeError",
    "current_province_id",
    "everywhere",
    "in_province",
    "outside_scopes",
    "province_of",
    "province_default",
    "scope_key",
    "scoped_manager",
    "scopes_disabled",
]

DIMENSION = "province"


def _id(province):
    return getattr(province, "pk", province)


def in_province(province):
    """The scope of one province (a Province or its id): what its people and its jobs see."""
    if _id(province) is None:
        raise ScopeError("in_province() needs a province; everywhere() is for all of them")
    return scope(**{DIMENSION: _id(province)})


def everywhere():
    """Every province at once: the central Ban's reading, and jobs that hand out one job per province."""
    return scope(**{DIMENSION: None})


@contextmanager
def outside_scopes():
    """No province at all, whatever scope the caller is in: what code that forgot to say its
    province meets (`scope()` only adds to the current state, so it cannot take a province away).
    For tests of the fail-closed managers (tests/security/test_scopes.py)."""
    token = _state.set({"_enabled": True})
    try:
        yield
    finally:
        _state.reset(token)


def current_province_id():
    """The one province of the current scope, or None when the scope is not exactly one."""
    value = get_scope().get(DIMENSION)
    return value if isinstance(value, int) else None


def scope_key():
    """The current scope as text, the same for the same provinces (a cache key's part)."""
    state = get_scope()
    if not state.get("_enabled", True):
        return "disabled"
    value = state.get(DIMENSION, "outside")
    if isinstance(value, list | tuple | set | frozenset):
        value = sorted(value)
    return repr(value)


def province_default():
    """A new row's province when the code that makes it does not say: the scope's, if it is one.
    None otherwise, which the database refuses (NOT NULL) for a province's own rows."""
    return current_province_id()


def province_field(**options):
    """The `province` column of a scoped model: the province the row belongs to, the scope's by
    default, never deleted from under its rows. `null=True, blank=True` where a row may be every
    province's (a central body, its directives, its people); `related_name` where one is read."""
    from django.db import models
    from django.utils.translation import gettext_lazy

    return models.ForeignKey(
        "organizations.Province",
        **{
            "verbose_name": gettext_lazy("province"),
            "default": province_default,
            "on_delete": models.PROTECT,
            "related_name": "+",
            **options,
        },
    )


_OUTSIDE = (
    "this query does not say which province it is for: run it in_province(...), or everywhere() "
    "for what spans provinces"
)


def _filter(path, shared):
    """The condition of the current scope: None when scopes are disabled (migrations' checks),
    False outside any scope. `shared`: rows with no province belong to every province."""
    state = get_scope()
    if not state.get("_enabled", True):
        return None
    if DIMENSION not in state:
        return False
    value = state[DIMENSION]
    if value is None:
        return Q()
    values = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
    condition = Q(**{f"{path}__in": values})
    if shared:
        condition |= Q(**{f"{path}__isnull": True})
    return condition


class _RefusingQuery(Query):
    """The SQL of a query made outside any scope. `Exists(queryset)` and `Subquery(queryset)` take
    the queryset's Query and leave the queryset behind, so the queryset's own refusal never runs:
    the Query refuses to be compiled, wherever it ends up."""

    def get_compiler(self, *args, **kwargs):
        raise ScopeError(f"{self.model._meta.label}: {_OUTSIDE}")


def _refusing(queryset, outside):
    queryset._outside_scope = outside
    if outside and type(queryset.query) is Query:
        queryset.query.__class__ = _RefusingQuery
    elif not outside and type(queryset.query) is _RefusingQuery:
        queryset.query.__class__ = Query
    return queryset


def _guarded(queryset_class):
    """`queryset_class`, made outside any scope: it may be chained and emptied (a form's field is
    declared with `.none()` at import time), but reading it raises ScopeError."""

    class Guarded(queryset_class):
        _outside_scope = False

        def _clone(self):
            clone = super()._clone()
            clone._outside_scope = self._outside_scope
            if clone._outside_scope:
                # Made outside any scope (a view's or a form's queryset declared at import time):
                # a copy made inside one takes that scope's filter, the original stays refusing.
                condition = self._scope_condition()
                if condition is not False:
                    _refusing(clone, False)
                    if condition is not None:
                        clone.query.add_q(condition)
            return clone

        def none(self):
            return _refusing(super().none(), False)

        def _refuse(self):
            if self._outside_scope:
                raise ScopeError(f"{self.model._meta.label}: {_OUTSIDE}")

        def _fetch_all(self):
            self._refuse()
            super()._fetch_all()

        def resolve_expression(self, *args, **kwargs):
            self._refuse()
            return super().resolve_expression(*args, **kwargs)

    for name in (
        "count",
        "exists",
        "aggregate",
        "update",
        "delete",
        "iterator",
        "explain",
        "contains",
        "_update",
    ):

        def refusing(self, *args, _name=name, **kwargs):
            self._refuse()
            return getattr(super(Guarded, self), _name)(*args, **kwargs)

        setattr(Guarded, name, refusing)
    Guarded.__name__ = Guarded.__qualname__ = queryset_class.__name__
    return Guarded


def scoped_manager(queryset_class, path=DIMENSION, shared=False):
    """The default manager of a scoped model: `queryset_class`'s, filtered by the scope, refusing
    to read outside any scope. `path` leads to the province (`"task__province"` for a task's
    updates), or is a function of the province ids that returns the condition."""
    guarded = _guarded(queryset_class)

    def condition():
        return _filter(path, shared) if isinstance(path, str) else _call(path)

    guarded._scope_condition = staticmethod(condition)

    class ScopedManager(models.Manager.from_queryset(guarded)):
        scope_path = path
        scope_shared = shared

        def get_queryset(self):
            queryset = super().get_queryset()
            condition = guarded._scope_condition()
            if condition is False:
                return _refusing(queryset, True)
            return queryset if condition is None else queryset.filter(condition)

    ScopedManager.__name__ = ScopedManager.__qualname__ = f"Scoped{queryset_class.__name__}Manager"
    return ScopedManager()


def _call(path):
    condition = _filter("x", False)
    if condition is None or condition is False or not condition:
        return condition
    value = get_scope()[DIMENSION]
    return path(list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value])


def province_of(obj):
    """The province id a row belongs to, following its scoped manager's path to it (a review's is
    its programme's); its own `province_id` for anything else (a user); None when it has none
    (the central bodies' rows) or the path is a function."""
    path = getattr(getattr(type(obj), "_default_manager", None), "scope_path", None)
    if not isinstance(path, str):
        return getattr(obj, "province_id", None)
    *parents, last = path.split("__")
    for name in parents:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def is_scoped(model):
    return hasattr(model._default_manager, "scope_path")
