from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisations")

    def ready(self):
        # After every app's migrations, not only this one's: Django creates each app's permissions
        # in that app's post_migrate, so apps listed after organizations (directives, meetings, ...)
        # only have theirs once their own signal has run.
        post_migrate.connect(ensure_role_groups, dispatch_uid="organizations.ensure_role_groups")


def ensure_role_groups(sender, using="default", **kwargs):
    """One group per role; the admin group holds every model permission (it runs the admin)."""
    from django.contrib.auth.models import Group, Permission

    from .models import Role

    for role in Role:
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        if role == Role.ADMIN:
            group.permissions.set(Permission.objects.using(using).all())
