"""Who may do what, in one place: a decorator and a mixin on top of the roles, and a helper that
fetches one object through `visible_to(user)` so that another unit's object looks nonexistent.

Rules (ARCHITECTURE.md):
- every page needs a login (LoginRequiredMiddleware);
- another organisation's object answers 404, never 403 (pretix: no information leak);
- a role that may read but not change something gets 403 on the change (a leader's POST).
"""

from functools import wraps

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from organizations.models import Role

EDITORS = (Role.ADMIN, Role.STAFF)
READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)
EVERYONE = (Role.ADMIN, Role.STAFF, Role.LEADER, Role.LIAISON)


def check_role(user, roles):
    if not (user.is_authenticated and user.has_role(*roles)):
        raise PermissionDenied


def role_required(*roles):
    """@role_required(Role.STAFF, Role.ADMIN) on a function view."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            check_role(request.user, roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_verified(user):
    """True once this session has passed the admin's second factor (django-otp's middleware)."""
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def second_factor_redirect(request):
    """The way to the two-step page (khoagiao/two_factor.py) and back, for a session that has not
    passed the second factor yet; None once it has."""
    if is_verified(request.user):
        return None
    return redirect_to_login(request.get_full_path(), reverse("two_factor"))


def safe_next_url(request, default):
    """The `next` address of the request if it stays on this site, else `default`."""
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return default


def admin_required(view):
    """The admin role's own pages (imports): the role, and the second factor of this session,
    as for the Django admin (RELIABILITY.md G9)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        check_role(request.user, (Role.ADMIN,))
        return second_factor_redirect(request) or view(request, *args, **kwargs)

    return wrapped


class RoleRequiredMixin:
    """`roles = EDITORS` on a class-based view; `post_roles` narrows who may POST."""

    roles = EVERYONE
    post_roles = None

    def dispatch(self, request, *args, **kwargs):
        check_role(request.user, self.roles)
        if request.method not in ("GET", "HEAD", "OPTIONS") and self.post_roles is not None:
            check_role(request.user, self.post_roles)
        return super().dispatch(request, *args, **kwargs)


def get_visible_or_404(model_or_queryset, user, **lookup):
    """One object the user may see, else 404, whatever the reason it is hidden."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return get_object_or_404(queryset.visible_to(user), **lookup)
