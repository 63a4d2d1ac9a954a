"""The province scope of a request (khoagiao/scoping.py): whoever signed in, their province."""

from khoagiao.scoping import everywhere, in_province, scope

from .roles import CENTRAL


def scope_of(user):
    """The user's province; every province for the central Ban's role (and a superuser the
    installation gave none); no province at all for anyone else (a signed-out visitor)."""
    if getattr(user, "province_id", None) is not None:
        return in_province(user.province_id)
    if user.is_authenticated and user.is_active and (user.is_superuser or user.role in CENTRAL):
        return everywhere()
    return scope(province=())


class ProvinceScopeMiddleware:
    """After authentication: every query of the request, its templates included, runs in the
    signed-in user's scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with scope_of(request.user):
            return self.get_response(request)
