from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, roles that see it; None = everyone signed in)
NAVIGATION = [
    ("home", _("Overview"), None),
    ("reports:national", _("Nationwide"), ("central",)),
    ("directives:list", _("Directives"), ("admin", "staff", "leader", "liaison", "unit_head", "central")),
    ("agreements:list", _("Coordination programmes"), None),
    ("meetings:list", _("Giao ban meetings"), None),
    ("assignments:list", _("Tasks"), None),
    ("reports:list", _("Reports"), ("admin", "staff", "leader", "central")),
    ("signatures:verify", _("Check a document"), None),
]


def province_name_of(province_id):
    """A province's name without a query per page: cached, and forgotten when the record changes
    (organizations.provinces.Province.save)."""
    if province_id is None:
        return ""
    key = f"province-name:{province_id}"
    name = cache.get(key)
    if name is None:
        from organizations.models import Province

        name = Province.objects.filter(pk=province_id).values_list("name", flat=True).first() or ""
        cache.set(key, name, 3600)
    return name


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"portal_province": settings.PORTAL_PROVINCE_NAME}
    # The user's province (its record), the installation's name for the central Ban.
    province_name = province_name_of(getattr(user, "province_id", None)) or settings.PORTAL_PROVINCE_NAME
    role = user.role
    current = request.resolver_match.view_name if request.resolver_match else ""
    nav = []
    for name, label, roles in NAVIGATION:
        if roles is None or role in roles:
            url = reverse(name)
            active = current == name or (name != "home" and current.split(":")[0] == name.split(":")[0])
            nav.append({"url": url, "label": label, "active": active})
    return {
        "portal_province": province_name,
        "portal_nav": nav,
        "show_admin_link": role == "admin",
        "user_role": role,
    }
