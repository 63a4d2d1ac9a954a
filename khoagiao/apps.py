from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package as an app: shared templatetags, management commands and signals."""

    name = "khoagiao"
    verbose_name = "Khoa giáo portal"

    def ready(self):
        from . import middleware  # noqa: F401  (connects the login-time stamp)
        from .schedule_admin import register
        from .vendor_names import name_in_vietnamese

        # After the admin's autodiscover (the admin app comes first in INSTALLED_APPS).
        name_in_vietnamese()
        register()


class PortalAdminConfig(AdminConfig):
    """Django's admin, restricted to the admin role (docs/architecture.md)."""

    default_site = "khoagiao.admin.PortalAdminSite"


class LockoutConfig(AxesConfig):
    """django-axes (sign-in lockouts) under a Vietnamese name in the admin; the rest is axes' own."""

    verbose_name = _("Sign-in lockouts")
