"""Every URL the resolver knows, with its ids filled from the demo data as a role sees it.

The tour (tour.py) follows links; this walks get_resolver() instead, so that a page no link leads
to yet is found too. Ids come from the access module: each portal view starts with
organizations.access.page(queryset, methods=..., lookups=...), whose arguments say which objects
the URL's ids name and which methods it answers. The candidates for a role are the first few of
`queryset.visible_to(user)`, spread over it; the admin's pages take the first row of their model.
"""

import inspect
import re

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organizations.access import _base

# Objects tried per URL until one answers with a page: a page may need a state (an open task, a
# draft); the test stops earlier once a few in a row are refused (the role may not see it at all).
CANDIDATES = 40


def _report_units(meeting, user):
    """A unit's report to a meeting: the meeting's invited units, the role's own unit first."""
    units = sorted(meeting.invited.values_list("pk", flat=True), key=lambda pk: pk != user.organization_id)
    return [{"org_pk": pk} for pk in units[:2]]


# Ids that no lookup of page() names: filled from the object the lookup found.
EXTRA_IDS = {"meetings:report": _report_units}

# The admin's pages of one model: /quan-tri/<app>/<model>/..., the object's id as object_id or id.
ADMIN_MODEL = re.compile(r"^quan-tri/(?P<app>\w+)/(?P<model>\w+)/")


def walk(resolver=None, prefix="", namespace=""):
    """(name, route, callback) of every URL pattern."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", prefix + str(entry.pattern), entry.callback


def page_options(callback):
    """page()'s arguments for a view (its closure): allowed methods, queryset, lookups; or None."""
    function = callback
    while function is not None:
        try:
            names = inspect.getclosurevars(function).nonlocals
        except TypeError:
            names = {}
        if "allowed" in names and "lookups" in names:
            return names
        function = getattr(function, "__wrapped__", None)
    return None


def route_kwargs(route):
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def _admin_candidates(route, names):
    """The admin's URLs of one registered model, with its first row's id."""
    found = ADMIN_MODEL.match(route)
    registered = {(m._meta.app_label, m._meta.model_name): m for m in admin.site._registry}
    model = found and registered.get(found.group("app", "model"))
    if not names:
        return [{}]
    if not model:
        return f"cannot fill {names}: not a registered model's admin page"
    pks = model._default_manager.order_by("pk").values_list("pk", flat=True)[:1]
    return [dict.fromkeys(names, str(pk)) for pk in pks]


def _spread(queryset, count):
    """Up to `count` objects spread over the whole queryset (first, last and between), so that a
    page needing a state (an open task, a draft) finds one."""
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    if len(pks) > count:
        step = (len(pks) - 1) / (count - 1)
        pks = [pks[round(i * step)] for i in range(count)]
    return list(queryset.model._default_manager.filter(pk__in=pks).order_by("pk"))


def candidates(name, route, callback, user):
    """URLs to try for `name` as `user`, or a string saying why there is none to try."""
    names = route_kwargs(route)
    if name == "admin:app_list":
        kwargs_list = [{"app_label": "organizations"}]
    elif name.startswith("admin:"):
        kwargs_list = _admin_candidates(route, names)
        if isinstance(kwargs_list, str):
            return kwargs_list
    elif not names:
        kwargs_list = [{}]
    else:
        options = page_options(callback)
        if options is None or options["queryset"] is None:
            return f"cannot fill {names}: not a page() view with a queryset"
        objects = _spread(_base(options["queryset"]).visible_to(user), CANDIDATES)
        kwargs_list = []
        for obj in objects:
            base = {kwarg: getattr(obj, field) for field, kwarg in options["lookups"].items()}
            missing = [n for n in names if n not in base]
            if not missing:
                kwargs_list.append(base)
            elif name in EXTRA_IDS:
                kwargs_list += [{**base, **extra} for extra in EXTRA_IDS[name](obj, user)]
            else:
                return f"cannot fill {missing}: add them to EXTRA_IDS"
    return [reverse(name, kwargs=kwargs) for kwargs in kwargs_list]


def get_allowed(callback):
    """False when page() says the view answers no GET (a form's target, an action)."""
    options = page_options(callback)
    return options is None or "GET" in options["allowed"]
