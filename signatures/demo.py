"""The demo seal of `make run` (SIGNING_MODE=demo): a root and a seal certificate made on first use
under PORTAL_VAR_DIR/signing-demo, never committed. Its seal says plainly that it has no legal value.

Two processes (the web server and the worker) may ask at once: the files are made in a temporary
folder and renamed into place, so both end up with the same complete key."""

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from . import pki

DEMO_NOTE = "DEMO – không có giá trị pháp lý"
DEMO_ORGANIZATION = "Cổng khoa giáo (DEMO)"


@dataclass(frozen=True)
class DemoKey:
    folder: Path

    @property
    def pkcs12(self):
        return self.folder / "seal.p12"

    @property
    def passphrase_file(self):
        return self.folder / "passphrase"

    @property
    def root(self):
        return self.folder / "root.pem"


def demo_folder():
    return Path(settings.VAR_DIR) / "signing-demo"


def ensure_demo_key():
    folder = demo_folder()
    key = DemoKey(folder)
    if key.pkcs12.exists():
        return key
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=".signing-demo-", dir=folder.parent))
    try:
        root_key = pki.new_key()
        root = pki.issue(
            pki.name("DEMO Root CA – không có giá trị pháp lý", DEMO_ORGANIZATION),
            root_key,
            ca=True,
            path_length=0,
        )
        seal_key = pki.new_key()
        issuer = f"Ban Tuyên giáo và Dân vận Tỉnh ủy {settings.PORTAL_PROVINCE_NAME}"
        seal = pki.issue(
            pki.name(f"{issuer.upper()} (DEMO)", DEMO_ORGANIZATION),
            seal_key,
            issuer=root,
            issuer_key=root_key,
        )
        passphrase = secrets.token_urlsafe(24)
        (temp / "root.pem").write_bytes(pki.cert_pem(root))
        (temp / "passphrase").write_text(passphrase, encoding="utf-8")
        (temp / "seal.p12").write_bytes(pki.pkcs12_bytes(seal_key, seal, passphrase=passphrase.encode()))
        for path in temp.iterdir():
            os.chmod(path, 0o600)
        try:
            os.rename(temp, folder)
        except OSError:
            # Another process was quicker: its key is the one.
            if not key.pkcs12.exists():
                raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return key
