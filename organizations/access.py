"""Who may see what and who may do what: the one place (docs/architecture.md, "Access").

- A *viewer* is a signed-in user or SYSTEM, the portal itself acting for the whole Ban (scheduled
  reports, reminders, commands). There is no "None means everything": `visible_to(None)` raises.
- Every model's queryset derives from VisibleQuerySet. `visible_to(viewer)` is the same for all:
  the Ban's roles see every row, a unit role (a liaison) sees the rows of its own unit, anyone else
  nothing. A model only says how a row belongs to a unit (`of_unit`), or that it follows a parent
  (`parent = "task"`: visible exactly when its task is).
- Every action that changes something has a Rule in RULES: the roles that may do it to anything
  they see, and for unit roles, which units of the object may (a liaison reports on the tasks its
  unit leads or supports). `authorize(viewer, action, obj)` is called by every service that
  writes (the @service decorator does it), so a view, the admin, a command, a Celery job and the
  API get the same answer; views ask `may()` to decide what to show, and `page()` to fetch their
  object in one order: visible (else 404), then the method (else 405), then the rule (else 403).
"""

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpResponseNotAllowed

from khoagiao.scoping import province_of, scope_key

from .roles import (
    ADMINS,
    BAN,
    CENTRAL,
    EDITORS,
    EVERYONE,
    LEADERS,
    LIAISON_NOMINATORS,
    READERS,
    UNIT_HEADS,
    UNIT_ROLES,
)


class System:
    """The portal acting on its own (beat, the worker, management commands): sees the whole Ban,
    may do what the rules grant to SYSTEM, and is recorded as nobody in histories."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    pk = None
    id = None
    organization = None
    organization_id = None
    role = None
    sees_everything = True
    can_edit = False
    is_liaison = False

    def has_role(self, *roles):
        return False

    def get_full_name(self):
        return "Hệ thống"

    def __str__(self):
        return "SYSTEM"

    def __repr__(self):
        return "SYSTEM"


SYSTEM = System()


def check_viewer(viewer):
    if viewer is None:
        raise TypeError("a viewer is needed: a user, or organizations.access.SYSTEM for the whole Ban")
    return viewer


def user_of(viewer):
    """The user to record (created_by, history), None for SYSTEM."""
    return None if viewer is SYSTEM else viewer


def _active(viewer):
    return bool(viewer.is_authenticated and viewer.is_active)


def sees_everything(viewer):
    """Every unit's rows, in the provinces of the current scope (organizations/scoping.py)."""
    return _active(check_viewer(viewer)) and (viewer is SYSTEM or viewer.role in READERS)


def unit_of(viewer):
    """The unit a unit role is limited to; None for the Ban's roles, SYSTEM and anyone else."""
    if not _active(check_viewer(viewer)) or viewer is SYSTEM or viewer.role not in UNIT_ROLES:
        return None
    return viewer.organization_id


def head_of(viewer):
    """The unit whose head `viewer` is (UNIT_HEADS); None for anyone else."""
    unit = unit_of(viewer)
    return unit if unit is not None and viewer.role in UNIT_HEADS else None


def may_see_unit(viewer, unit_id):
    """Whether what concerns `unit_id` alone (its report, its figures) is for this viewer."""
    return sees_everything(viewer) or (unit_id is not None and unit_of(viewer) == unit_id)


def audience(viewer):
    """Who sees exactly the rows `viewer` sees through every visible_to: viewers with the same
    audience may share what was computed for one of them (caching/pages.py). The provinces of the
    current scope; then the Ban's roles each apart, and a unit role by unit and role; anyone else
    (inactive, signed out) sees nothing."""
    if sees_everything(viewer):
        who = ("all", "system" if viewer is SYSTEM else viewer.role)
    elif unit_of(viewer) is not None:
        who = ("unit", unit_of(viewer), viewer.role)
    else:
        who = ("none",)
    return (scope_key(), *who)


class VisibleQuerySet(models.QuerySet):
    """The base of every model's queryset: `visible_to(viewer)`, fail-closed."""

    # A row that belongs to another model's row: the name of that foreign key.
    parent = None

    def visible_to(self, viewer):
        if sees_everything(viewer):
            return self
        unit = unit_of(viewer)
        if unit is None:
            return self.none()
        return self.of_unit(unit)

    def of_unit(self, unit_id):
        """The rows a unit role of `unit_id` may see. Without a parent: none (say otherwise)."""
        if self.parent is None:
            return self.none()
        parent_model = self.model._meta.get_field(self.parent).related_model
        return self.filter(**{f"{self.parent}__in": parent_model.objects.all().of_unit(unit_id)})


class ReferenceQuerySet(VisibleQuerySet):
    """Reference data every signed-in user may read (units, fields, their history)."""

    def of_unit(self, unit_id):
        return self


# --- rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    roles: frozenset = frozenset()  # may do it to anything they see
    units: object = None  # obj -> ids of the units whose unit role may do it to obj
    system: bool = False  # SYSTEM may do it (jobs)
    # The unit roles `units` speaks of: all of them, unless the rule names some (a unit's head).
    unit_roles: frozenset = UNIT_ROLES
    # obj -> the id of the one user the object is personal to (a notice, a preference): only that
    # user may, whatever the role
    own: object = None
    # The object may be a row every province reads (a central body's directive, which has no
    # province): only the people of the province that entered it (`recorded_in`) may.
    recorder_only: bool = False


@dataclass(frozen=True)
class ByKind:
    """An action whose rule depends on the kind of its object (`obj.kind`): one Rule per kind, all
    in this table. Without an object (a page deciding whether to show a button at all) it allows
    whoever one of the kinds' rules would."""

    rules: dict

    def rule_for(self, obj):
        return self.rules[obj.kind]


def _report_unit(obj):
    return {obj.organization_id}


def _task_units(task):
    return {task.lead_id, *(org.pk for org in task.cooperating.all())}


def _recipient(notice):
    return notice.recipient_id


def _self(user):
    return user.pk


def _the_unit(organization):
    """A unit itself (the page of its liaisons, a request about them): nothing else is one."""
    return {organization.pk} if organization._meta.label == "organizations.Organization" else set()


def _own_report_file(attachment):
    return {attachment.report.organization_id} if attachment.report_id else set()


# Who approves a drafted report, by its kind (reports.models.Report.Kind; docs/domain.md,
# "Who approves a report"). The Ban's periodic report and a directive's report go out in the
# Ban's name: its leaders. A unit's report: the Ban's leaders, and the head of that unit
# (UNIT_HEADS), of that unit's report only.
REPORT_APPROVERS = ByKind(
    {
        "ban": Rule(LEADERS),
        "directive": Rule(LEADERS),
        "unit": Rule(LEADERS, units=_report_unit, unit_roles=UNIT_HEADS),
    }
)

RULES = {
    # the register
    "directive.create": Rule(EDITORS),
    "directive.update": Rule(EDITORS, recorder_only=True),
    "directive.attach": Rule(EDITORS),
    "directive.attachment_delete": Rule(EDITORS),
    "directive.export": Rule(READERS),
    "directive.import": Rule(ADMINS),
    "milestone.create": Rule(EDITORS),
    "milestone.update": Rule(EDITORS),
    "milestone.delete": Rule(EDITORS),
    # coordination programmes
    "agreement.create": Rule(EDITORS),
    "agreement.update": Rule(EDITORS),
    "agreement.attach": Rule(EDITORS),
    "agreement_review.create": Rule(EDITORS),
    "agreement_review.update": Rule(EDITORS),
    # meetings
    "meeting.create": Rule(EDITORS),
    "meeting.update": Rule(EDITORS),
    "meeting.attach": Rule(EDITORS),
    "meeting.outcome": Rule(EDITORS),
    "meeting.reopen": Rule(EDITORS | LEADERS),
    "meeting.notice_docx": Rule(READERS),
    "meeting_report.save": Rule(EDITORS, units=_report_unit),
    "meeting_attachment.delete": Rule(EDITORS, units=_own_report_file),
    "conclusion.approve": Rule(LEADERS),
    # tasks
    "task.create": Rule(EDITORS),
    "task.update": Rule(EDITORS),
    "task.cancel": Rule(EDITORS),
    "task.reopen": Rule(EDITORS),
    "task.attach": Rule(EDITORS),
    "task.report_progress": Rule(EDITORS, units=_task_units),
    # reports
    "report.view_archive": Rule(READERS),
    "report.request": Rule(BAN, system=True),
    "report.retry": Rule(BAN, system=True),
    # a drafted report's way to the register (reports.services): staff write it, the approvers of
    # its kind decide (return it or approve it; approving numbers and issues it)
    "report.edit": Rule(EDITORS),
    "report.comment": Rule(EDITORS | LEADERS | UNIT_HEADS),
    "report.return": REPORT_APPROVERS,
    "report.approve": REPORT_APPROVERS,
    "register.view": Rule(READERS),
    # the national view: every province's figures side by side (reports/national.py)
    "national.view": Rule(CENTRAL),
    # issued documents and their signatures (signatures app)
    "document.view_issued": Rule(READERS),  # the unsigned issued file, which a leader signs
    "document.sign_upload": Rule(LEADERS),
    "document.retry": Rule(BAN, system=True),
    # pages that are about no object
    "page.view": Rule(EVERYONE),
    "organization.manage": Rule(ADMINS),
    # a province's own record (organizations.services.province_save checks it is the admin's own)
    "province.manage": Rule(ADMINS),
    "second_factor.verify": Rule(ADMINS),
    # a user's own notices (notices app): following one; marking all read, the e-mail preference
    "notice.read": Rule(EVERYONE, own=_recipient),
    "notice.manage": Rule(EVERYONE, own=_self),
    # a unit's liaisons: its head asks for one to be named or withdrawn, an admin of the province
    # confirms or refuses (organizations.services.liaison_request_*)
    "liaison.nominate": Rule(units=_the_unit, unit_roles=LIAISON_NOMINATORS),
    "liaison_request.decide": Rule(ADMINS),
    # an account's invitation (the link to choose a password) sent again by an admin
    # (organizations.services.user_invite); the first goes when a liaison request is confirmed
    "user.invite": Rule(ADMINS),
    # keys of the read-only API for other systems (api/)
    "api_key.manage": Rule(ADMINS),
}


def may(viewer, action, obj=None):
    """Whether `viewer` may do `action` (to `obj`, which the caller has fetched as visible)."""
    rule = RULES[action]
    check_viewer(viewer)
    if not _active(viewer):
        return False
    if isinstance(rule, ByKind):
        if obj is None:
            return any(_allows(one, viewer, None) for one in rule.rules.values())
        rule = rule.rule_for(obj)
    return _allows(rule, viewer, obj)


def _allows(rule, viewer, obj):
    if viewer is SYSTEM:
        return rule.system
    if rule.recorder_only and obj is not None and not entered_in(getattr(viewer, "province_id", None), obj):
        return False
    if rule.own is not None:
        return obj is not None and viewer.role in rule.roles and rule.own(obj) == viewer.pk
    if viewer.role in rule.roles:
        return True
    unit = unit_of(viewer)
    if unit is None or rule.units is None or obj is None or viewer.role not in rule.unit_roles:
        return False
    return unit in rule.units(obj)


def entered_in(province_id, obj):
    """Whether the province `province_id` entered `obj` (Rule.recorder_only; the directive import
    asks it of the province it runs for). A row of no known province (entered before provinces
    were recorded, or by someone of none), and no province: yes."""
    recorded = getattr(obj, "recorded_in_id", None)
    return recorded is None or province_id is None or recorded == province_id


def authorize(viewer, action, obj=None):
    """Raise PermissionDenied unless `viewer` may do `action` to `obj`. For a unit role the object
    must also be visible to it (services may be handed any object)."""
    if not may(viewer, action, obj):
        raise PermissionDenied
    # A province's people act on their province's rows only, whatever the scope the caller is in;
    # a row without a province of its own (a programme's review) is its parent's.
    province = getattr(viewer, "province_id", None)
    if province is not None and obj is not None and province_of(obj) not in (province, None):
        raise PermissionDenied
    if obj is not None and obj.pk is not None and not sees_everything(viewer):
        queryset = getattr(type(obj), "objects", None)
        if hasattr(queryset, "visible_to") and not queryset.visible_to(viewer).filter(pk=obj.pk).exists():
            raise PermissionDenied


# --- services ----------------------------------------------------------------------------------

# name -> (function, action): every service that writes, for tests/security/test_services.py.
SERVICES = {}


def service(action, obj=None):
    """Declare a service that writes: it authorizes its `by` for `action` before anything else.
    `obj` names the keyword argument the action is about, or is a function of the keyword
    arguments that builds it (a report slot that does not exist yet)."""

    def target_of(kwargs):
        return obj(kwargs) if callable(obj) else kwargs.get(obj) if obj else None

    def decorator(function):
        @wraps(function)
        def wrapped(*args, **kwargs):
            if args:
                raise TypeError(f"{function.__name__} takes keyword arguments only")
            authorize(kwargs.get("by"), action, target_of(kwargs))
            return function(**kwargs)

        wrapped.action = action
        wrapped.target_of = target_of
        SERVICES[f"{function.__module__}.{function.__name__}"] = (wrapped, action)
        return wrapped

    return decorator


# --- views -------------------------------------------------------------------------------------

SAFE_METHODS = ("GET", "HEAD")


def page(queryset=None, *, methods=("GET",), action="page.view", write_action=None, lookups=None):
    """The one way a view starts. With a queryset (a model, or a function that returns one), the
    view receives the object instead
    of its URL keyword arguments: fetched through visible_to (404 if hidden, whatever the method),
    then the method (405), then `action` (403), and for unsafe methods `write_action` too.

    `lookups` maps model lookups to URL keyword arguments, {"pk": "pk"} by default.

    Never a queryset itself: one made when the module is imported keeps the province scope of that
    moment. Django imports the views at the first request, inside that user's scope, so every later
    user of another province would get 404 from it (khoagiao/scoping.py)."""
    if isinstance(queryset, QuerySet):
        raise TypeError(
            "page() takes a model or a function that makes the queryset at each request, not a "
            "queryset: one made at import time keeps the province scope it was made in"
        )
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())
    lookups = lookups or {"pk": "pk"}

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            viewer = request.user
            obj = None
            if queryset is not None:
                base = _base(queryset)
                found = {field: kwargs.pop(kwarg) for field, kwarg in lookups.items()}
                obj = base.visible_to(viewer).filter(**found).first()
                if obj is None:
                    raise Http404
            if request.method not in allowed:
                return HttpResponseNotAllowed(sorted(allowed))
            if action and not may(viewer, action, obj):
                raise PermissionDenied
            if write_action and request.method not in SAFE_METHODS and not may(viewer, write_action, obj):
                raise PermissionDenied
            if obj is not None:
                return view(request, obj, *args, **kwargs)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _base(source):
    """A model, a queryset, or a function that makes one per request (for today's date)."""
    if callable(source) and not isinstance(source, type):
        return source()
    return getattr(source, "objects", source).all()


def visible_or_404(queryset, viewer, **lookup):
    """One object the viewer may see, else 404 (for a second object inside a view)."""
    obj = _base(queryset).visible_to(viewer).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
