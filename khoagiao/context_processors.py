from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, roles that see it; None = everyone signed in)
NAVIGATION = [
    ("home", _("Overview"), None),
    ("directives:list", _("Directives"), ("admin", "staff", "leader", "liaison", "unit_head")),
    ("agreements:list", _("Coordination programmes"), None),
    ("meetings:list", _("Giao ban meetings"), None),
    ("assignments:list", _("Tasks"), None),
    ("reports:list", _("Reports"), ("admin", "staff", "leader")),
    ("signatures:verify", _("Check a document"), None),
]


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"portal_province": settings.PORTAL_PROVINCE_NAME}
    role = user.role
    current = request.resolver_match.view_name if request.resolver_match else ""
    nav = []
    for name, label, roles in NAVIGATION:
        if roles is None or role in roles:
            url = reverse(name)
            active = current == name or (name != "home" and current.split(":")[0] == name.split(":")[0])
            nav.append({"url": url, "label": label, "active": active})
    return {
        "portal_province": settings.PORTAL_PROVINCE_NAME,
        "portal_nav": nav,
        "show_admin_link": role == "admin",
        "user_role": role,
    }
