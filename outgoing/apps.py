from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutgoingConfig(AppConfig):
    name = "outgoing"
    verbose_name = _("Register of outgoing documents")
