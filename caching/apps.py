from django.apps import AppConfig
from django.core import signals
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = _("Page cache")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import pages
        from .triggers import install

        signals.request_started.connect(pages.request_started, dispatch_uid="caching.request_started")
        signals.request_finished.connect(pages.request_finished, dispatch_uid="caching.request_finished")

        # After every migrate, whichever app it was for: a table that a new migration adds to a
        # watched app gets its trigger without a migration of this app (tests/caching checks).
        post_migrate.connect(install, dispatch_uid="caching.install_triggers")
