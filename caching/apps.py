from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = _("Page cache")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .triggers import install

        # After every migrate, whichever app it was for: a table that a new migration adds to a
        # watched app gets its trigger without a migration of this app (tests/caching checks).
        post_migrate.connect(install, dispatch_uid="caching.install_triggers")
