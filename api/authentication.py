"""Who is asking: a client system with its key (`Authorization: Bearer kg_…`), or a signed-in
person's browser session. Either way the viewer then goes through organizations.access."""

import datetime
import hmac
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from khoagiao.scoping import scopes_disabled

from .models import PREFIX_LENGTH, TOKEN_PREFIX, ApiKey, token_hash

logger = logging.getLogger(__name__)

UNKNOWN = _("This API key is not valid. Ask the portal's administrator for a key.")
EXPIRED = _("This API key has expired. Ask the portal's administrator for a new one.")
REVOKED = _("This API key was revoked. Ask the portal's administrator for a new one.")
MALFORMED = _("Give the key as “Authorization: Bearer <key>”.")


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() not in ("bearer", "api-key"):
            return None
        token = token.strip()
        if not token.startswith(TOKEN_PREFIX) or len(token) < PREFIX_LENGTH + 8 or " " in token:
            raise exceptions.AuthenticationFailed(MALFORMED)
        # Found by its prefix in every province: the key says which province the request reads.
        with scopes_disabled():
            key = ApiKey.objects.select_related("organization").filter(prefix=token[:PREFIX_LENGTH]).first()
        # The hash is compared in constant time even when no key has this prefix.
        expected = key.key_hash if key else "0" * 64
        if not hmac.compare_digest(expected, token_hash(token)) or key is None:
            logger.warning("API: unknown key %s…", token[:PREFIX_LENGTH])
            raise exceptions.AuthenticationFailed(UNKNOWN)
        now = timezone.now()
        if key.revoked_at is not None:
            raise exceptions.AuthenticationFailed(REVOKED)
        if not key.is_usable(now):
            raise exceptions.AuthenticationFailed(EXPIRED)
        _mark_used(key, now)
        return key.viewer, key

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


def _mark_used(key, now):
    """last_used_at, written at most once per API_KEY_LAST_USED_RESOLUTION seconds."""
    every = datetime.timedelta(seconds=settings.API_KEY_LAST_USED_RESOLUTION)
    if key.last_used_at is None or now - key.last_used_at >= every:
        ApiKey._base_manager.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now


class PortalSessionAuthentication(authentication.SessionAuthentication):
    """A signed-in person reads the API with their own visibility (the documentation page calls it
    this way). No CSRF check: the API answers every unsafe method with 405 before any handler runs
    (api.views.ReadOnlyMixin), so a forged request has nothing to do, and a check would turn the
    405 that clients are promised into a 403."""

    def enforce_csrf(self, request):
        return None
