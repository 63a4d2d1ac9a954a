"""API keys: made and revoked by an admin (the admin site calls these)."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.access import service, user_of

from .models import PREFIX_LENGTH, TOKEN_PREFIX, ApiKey, token_hash

# The longest a key may be made for: a client system's key is renewed at least this often.
MAX_YEARS = 3


def api_key_check(key):
    """A key is valid from today until a day within MAX_YEARS, for a client system with a name."""
    today = timezone.localdate()
    if key.expires_on is not None and key.expires_on < today:
        raise ValidationError({"expires_on": _("A new key must be valid until today or later.")})
    latest = datetime.date(today.year + MAX_YEARS, today.month, min(today.day, 28))
    if key.expires_on is not None and key.expires_on > latest:
        raise ValidationError(
            {
                "expires_on": _("A key is valid for at most %(years)s years: make a new one then.")
                % {"years": MAX_YEARS}
            }
        )
    if not (key.name or "").strip():
        raise ValidationError({"name": _("Name the client system that will use the key.")})


def new_token():
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@service("api_key.manage")
def api_key_create(*, by, key):
    """Save the unsaved `key` (name, unit or none, expiry) with a new secret. Returns the secret,
    which is shown once and kept nowhere: only its SHA-256 is stored."""
    api_key_check(key)
    for _attempt in range(5):
        token = new_token()
        key.prefix, key.key_hash = token[:PREFIX_LENGTH], token_hash(token)
        key.created_by = user_of(by)
        try:
            with transaction.atomic():
                key.save(force_insert=True)
        except IntegrityError:
            # Two keys beginning alike (about one chance in 10^16): draw again.
            key.pk = None
            continue
        return token
    raise RuntimeError("could not draw a new API key")


@service("api_key.manage", obj="key")
@transaction.atomic
def api_key_revoke(*, by, key):
    """Revoke `key` now; its next request is refused. Revoking twice changes nothing."""
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by = user_of(by)
        key.save(update_fields=["revoked_at", "revoked_by"])
    return key
