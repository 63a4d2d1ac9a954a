"""An uploaded file waiting between the preview and the confirmation (docs/operations.md G14).

The file is stored under the private root with a random name; the session holds that name, the
file's SHA-256 and its owner. The confirmation posts the token back, and the token must equal the
session's: a path or name from the client is never used, so nobody can make the import read or
delete another file, or confirm a file other than the one previewed.
"""

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SESSION_KEY = "directives_import"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
MAX_AGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PendingFile:
    token: str
    name: str
    fmt: str
    sha256: str
    size: int

    @property
    def path(self):
        return _folder() / f"{self.token}.{self.fmt}"


def _folder():
    folder = Path(settings.PRIVATE_ROOT) / "directive-imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _sweep(folder):
    """Forget files of previews that were never confirmed."""
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def store(request, upload, name, fmt):
    """Keep `upload` for this session (replacing its previous one) and return the PendingFile."""
    discard(request)
    folder = _folder()
    _sweep(folder)
    token = secrets.token_hex(16)
    digest, size = hashlib.sha256(), 0
    pending_path = folder / f"{token}.{fmt}"
    with pending_path.open("xb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    pending_path.chmod(0o600)
    pending = PendingFile(token=token, name=name, fmt=fmt, sha256=digest.hexdigest(), size=size)
    request.session[SESSION_KEY] = {
        "token": token,
        "name": name,
        "fmt": fmt,
        "sha256": pending.sha256,
        "size": size,
        "user": request.user.pk,
    }
    return pending


def current(request, token=None):
    """This session's pending file; with `token`, only if it is the one the page was built for.
    None when there is none, it is gone, or it was altered."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("user") != request.user.pk:
        return None
    if not _TOKEN.match(str(data.get("token", ""))) or data.get("fmt") not in ("xlsx", "csv"):
        return None
    if token is not None and not hmac.compare_digest(str(token), data["token"]):
        return None
    pending = PendingFile(data["token"], data["name"], data["fmt"], data["sha256"], data["size"])
    try:
        with pending.path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
    if not hmac.compare_digest(digest, pending.sha256):
        return None
    return pending


def discard(request):
    data = request.session.pop(SESSION_KEY, None)
    if (
        isinstance(data, dict)
        and _TOKEN.match(str(data.get("token", "")))
        and data.get("fmt") in ("xlsx", "csv")
    ):
        (_folder() / f"{data['token']}.{data['fmt']}").unlink(missing_ok=True)
