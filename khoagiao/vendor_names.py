"""Vietnamese for what Django and the packages name in English in their code rather than in a
message catalogue (scripts/vendor_i18n.py covers those), so that the admin speaks one language:

- the link tables Django makes for many-to-many fields ("user-group relationship",
  "User_groups object (1)"), simple-history's "historical ..." models and the permissions'
  stored names ("Can add historical agreement"), which show in the permission lists and in what
  a deletion would take with it;
- django-otp's "TOTP device", django-axes' records ("Access Log for admin @ 2026-...") and
  django-celery-beat's schedules ("0 6 5 1,4,7,10 * (m/h/dM/MY/d) Asia/Ho_Chi_Minh", said by
  khoagiao.schedules.describe instead), and a periodic task's "Task Name";
- the admin's yes/no icons, whose alternative text is "True" or "False".

Only names, labels and __str__ change, once, at start-up (PortalConfig.ready): no table, column or
migration does (migrations read a model's own Meta, which stays as it is).
"""

from django.apps import apps
from django.templatetags.static import static
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def _lazy_text(function):
    return lazy(function, str)()


def _name_link_table(model):
    """A many-to-many link table: "liên kết người dùng – nhóm", and a row reads "admin1 – admin"."""
    left, right = [field for field in model._meta.fields if field.is_relation][:2]

    def name():
        return _("link %(left)s – %(right)s") % {
            "left": left.related_model._meta.verbose_name,
            "right": right.related_model._meta.verbose_name,
        }

    model._meta.verbose_name = model._meta.verbose_name_plural = _lazy_text(name)
    model.__str__ = lambda row: f"{getattr(row, left.name)} – {getattr(row, right.name)}"


def _name_history_table(model):
    instance_meta = model.instance_type._meta
    model._meta.verbose_name = _lazy_text(
        lambda: _("history of %(name)s") % {"name": instance_meta.verbose_name}
    )
    model._meta.verbose_name_plural = _lazy_text(
        lambda: _("history of %(name)s") % {"name": instance_meta.verbose_name_plural}
    )


def _permission_label(permission):
    """ "Văn bản chỉ đạo | văn bản chỉ đạo | xem": the stored names are English ("Can view
    directive"), written once when the table was filled; Django's four actions are named here."""
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    actions = {
        "add": pgettext("permission", "add"),
        "change": pgettext("permission", "change"),
        "delete": pgettext("permission", "delete"),
        "view": pgettext("permission", "view"),
    }
    if model is None or action not in actions:
        return f"{permission.content_type} | {permission.name}"
    return f"{model._meta.app_config.verbose_name} | {model._meta.verbose_name} | {actions[action]}"


def _name_authenticator_devices():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice._meta.verbose_name = _lazy_text(lambda: _("authenticator app"))
    TOTPDevice._meta.verbose_name_plural = _lazy_text(lambda: _("authenticator apps"))


def _name_sign_in_records():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.utils import formats, timezone

    def when(moment):
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else "—"

    AccessAttempt.__str__ = lambda row: (
        _("Failed sign-ins of %(user)s from %(address)s, last at %(when)s")
        % {
            "user": row.username,
            "address": row.ip_address,
            "when": when(row.attempt_time),
        }
    )
    AccessLog.__str__ = lambda row: (
        _("Sign-in of %(user)s at %(when)s")
        % {
            "user": row.username,
            "when": when(row.attempt_time),
        }
    )
    AccessFailureLog.__str__ = lambda row: (
        _("Failed sign-in of %(user)s from %(address)s at %(when)s")
        % {
            "user": row.username,
            "address": row.ip_address,
            "when": when(row.attempt_time),
        }
    )


def _name_schedules():
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    from .schedules import describe

    for model in (ClockedSchedule, CrontabSchedule, IntervalSchedule, SolarSchedule):
        model.__str__ = describe
    PeriodicTask._meta.get_field("task").verbose_name = _lazy_text(lambda: _("task to run"))


def _boolean_icons():
    from django.contrib.admin.templatetags import admin_list

    def boolean_icon(value):
        icon = {True: "yes", False: "no", None: "unknown"}[value]
        label = {True: _("yes"), False: _("no"), None: _("unknown")}[value]
        return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), label)

    # Django looks the function up in this module each time (admin utils and helpers import it
    # inside their functions), so replacing it here reaches every list and read-only field.
    admin_list._boolean_icon = boolean_icon


def name_in_vietnamese():
    for model in apps.get_models(include_auto_created=True):
        if model._meta.auto_created:
            _name_link_table(model)
        elif hasattr(model, "instance_type"):  # simple-history
            _name_history_table(model)
    from django.contrib.auth.models import Permission

    Permission.__str__ = _permission_label
    _name_authenticator_devices()
    _name_sign_in_records()
    _name_schedules()
    _boolean_icons()
