"""API keys: one per client system, made by an admin, shown once, kept as a hash."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khoagiao.scoping import province_field, scoped_manager
from organizations.access import VisibleQuerySet
from organizations.models import Organization
from organizations.roles import Role

# What a key looks like: "kg_" + 43 characters of secrets.token_urlsafe(32) (256 random bits).
# The first PREFIX_LENGTH characters are stored as they are, to find the key; the whole key only
# as its SHA-256 (a hash of 256 random bits needs no slow hashing: nothing can be guessed).
TOKEN_PREFIX = "kg_"  # noqa: S105 (how a key begins, not a secret)
PREFIX_LENGTH = 12


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ApiKeyQuerySet(VisibleQuerySet):
    """Keys are the admins' business (the access rule api_key.manage); no unit sees any."""

    def usable(self, day=None):
        return self.filter(revoked_at__isnull=True, expires_on__gte=day or timezone.localdate())


class ApiKey(models.Model):
    """A client system's key. Scoped to the whole Ban (no unit: it reads what a leader reads) or to
    one unit (it reads exactly what that unit's liaison reads). Never changed after it is made,
    except to revoke it."""

    name = models.CharField(
        _("client system"), max_length=150, help_text=_("Who uses the key, e.g. “Văn phòng Tỉnh ủy — KPI”.")
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("limited to the unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text=_(
            "Empty: the key reads what the Ban's leaders read. A unit: what its liaison officer reads."
        ),
    )
    prefix = models.CharField(_("key begins with"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    expires_on = models.DateField(_("valid through"), help_text=_("The key works until the end of this day."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    province = province_field()

    objects = scoped_manager(ApiKeyQuerySet)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None):
        return self.revoked_at is None and timezone.localdate(now) <= self.expires_on

    @property
    def state(self):
        if self.revoked_at:
            return pgettext_lazy("API key", "Revoked")
        if not self.is_usable():
            return pgettext_lazy("API key", "Expired")
        return pgettext_lazy("API key", "In use")

    @cached_property
    def viewer(self):
        return KeyViewer(self)


class KeyViewer:
    """An API key as a viewer of organizations.access: the attributes visible_to, may and the
    User model's derived questions read. A unit's key is that unit's liaison; a whole-Ban key is a
    leader (sees everything). It writes nothing: the API has no method that writes, and no
    service is ever called with it."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False
    pk = None
    id = None
    can_edit = False

    def __init__(self, key):
        self.key = key
        self.organization_id = key.organization_id
        self.province_id = key.province_id
        self.role = Role.LIAISON if key.organization_id else Role.LEADER

    @property
    def is_active(self):
        return self.key.is_usable()

    @property
    def organization(self):
        return self.key.organization

    @property
    def sees_everything(self):
        return self.is_active and self.role != Role.LIAISON

    @property
    def is_liaison(self):
        return self.is_active and self.role == Role.LIAISON

    def has_role(self, *roles):
        return self.is_active and self.role in roles

    def get_username(self):
        return f"api:{self.key.prefix}"

    def get_full_name(self):
        return self.key.name

    def __str__(self):
        return self.get_full_name()
