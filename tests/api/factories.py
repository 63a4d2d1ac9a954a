import datetime

from django.utils import timezone

from api.models import PREFIX_LENGTH, ApiKey, token_hash
from api.services import new_token


def api_key(name="Văn phòng Tỉnh ủy", organization=None, expires_on=None, revoked=False):
    """(key, token): a key made as the admin's service makes one, without the admin."""
    token = new_token()
    key = ApiKey.objects.create(
        name=name,
        organization=organization,
        prefix=token[:PREFIX_LENGTH],
        key_hash=token_hash(token),
        expires_on=expires_on or timezone.localdate() + datetime.timedelta(days=30),
        revoked_at=timezone.now() if revoked else None,
    )
    return key, token


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
