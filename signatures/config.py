"""The signing configuration (README, "Signed documents") turned into pyHanko objects.

Nothing here runs at start-up: a missing token or key file must not stop the web server. Each
problem becomes a SigningError with a message a person can act on; `manage.py check_signing`
runs every step and says which works."""

import logging
from contextlib import contextmanager
from pathlib import Path

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import SigningError

logger = logging.getLogger(__name__)

FONT_CANDIDATES = (
    # fonts-liberation2 has every precomposed Vietnamese letter (Liberation 1.x does not).
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


def mode():
    return settings.SIGNING_MODE


def is_demo():
    return settings.SIGNING_MODE == "demo"


def seal_configured():
    return settings.SIGNING_MODE != "none"


def seal_applies(kind):
    """Whether documents of `kind` ("notice", "report") are sealed when they are issued."""
    return seal_configured() and kind in settings.SIGNING_SEAL_KINDS


def font_path():
    if settings.SIGNING_FONT:
        if not Path(settings.SIGNING_FONT).is_file():
            raise SigningError(
                _("The seal's font %(path)s does not exist.") % {"path": settings.SIGNING_FONT}
            )
        return settings.SIGNING_FONT
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    raise SigningError(_("No font with Vietnamese letters was found for the seal; set SIGNING_FONT."))


def _read(path, what):
    if not path:
        raise SigningError(_("%(what)s is not configured.") % {"what": what})
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise SigningError(
            _("%(what)s cannot be read (%(path)s): %(reason)s")
            % {"what": what, "path": path, "reason": exc.strerror}
        ) from exc


def _secret(path, what):
    return _read(path, what).decode("utf-8").strip()


def load_certificates(data):
    """Every certificate in PEM (one or many) or DER bytes."""
    if asn1_pem.detect(data):
        return [
            asn1_x509.Certificate.load(der) for _type, _headers, der in asn1_pem.unarmor(data, multiple=True)
        ]
    return [asn1_x509.Certificate.load(data)]


def _certificate_files(entries):
    for entry in entries:
        path = Path(entry)
        if path.is_dir():
            yield from sorted(
                p for p in path.iterdir() if p.suffix.lower() in (".pem", ".crt", ".cer", ".der")
            )
        else:
            yield path


def trust_roots():
    """The roots a signature must chain to: SIGNING_TRUST_ROOTS, and the demo root in demo mode.
    An unreadable file is logged and skipped (check_signing reports it)."""
    roots = []
    for path in _certificate_files(settings.SIGNING_TRUST_ROOTS):
        try:
            roots.extend(load_certificates(path.read_bytes()))
        except (OSError, ValueError):
            logger.warning("trust root %s cannot be read", path)
    if is_demo():
        from .demo import ensure_demo_key

        roots.extend(load_certificates(ensure_demo_key().root.read_bytes()))
    return roots


def validation_context(moment=None):
    from pyhanko_certvalidator import ValidationContext

    online = settings.SIGNING_ONLINE_REVOCATION
    return ValidationContext(
        trust_roots=trust_roots(),
        allow_fetching=online,
        revocation_mode="soft-fail",
        moment=moment,
        best_signature_time=moment,
    )


def timestamper():
    """The RFC 3161 client when a timestamp server is configured (PAdES B-T), else None (B-B)."""
    if not settings.SIGNING_TSA_URL:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(settings.SIGNING_TSA_URL, timeout=settings.SIGNING_TSA_TIMEOUT)


def _chain():
    if not settings.SIGNING_CHAIN_FILE:
        return []
    return load_certificates(_read(settings.SIGNING_CHAIN_FILE, _("The certificate chain file")))


def _pkcs12_signer(path, passphrase):
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from .pki import key_to_asn1, to_asn1

    data = _read(path, _("The seal's PKCS#12 file"))
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8"))
    except ValueError as exc:
        raise SigningError(
            _("The seal's PKCS#12 file cannot be opened: the passphrase is wrong or the file is damaged.")
        ) from exc
    if key is None or cert is None:
        raise SigningError(_("The seal's PKCS#12 file holds no key or no certificate."))
    chain = [to_asn1(c) for c in extra or ()] + _chain()
    return SimpleSigner(
        signing_key=key_to_asn1(key),
        signing_cert=to_asn1(cert),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


@contextmanager
def open_signer():
    """The pyHanko signer of the Ban's key; a PKCS#11 session is closed afterwards."""
    current = mode()
    if current == "demo":
        from .demo import ensure_demo_key

        key = ensure_demo_key()
        yield _pkcs12_signer(key.pkcs12, key.passphrase_file.read_text(encoding="utf-8").strip())
    elif current == "pkcs12":
        passphrase = _secret(settings.SIGNING_PKCS12_PASSPHRASE_FILE, _("The PKCS#12 passphrase file"))
        yield _pkcs12_signer(settings.SIGNING_PKCS12_PATH, passphrase)
    elif current == "pkcs11":
        with _pkcs11_signer() as signer:
            yield signer
    else:
        raise SigningError(_("No key is configured for the Ban's seal (SIGNING_MODE=none)."))


@contextmanager
def _pkcs11_signer():
    import pkcs11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Error, PKCS11Signer, open_pkcs11_session

    module = settings.SIGNING_PKCS11_MODULE
    label = settings.SIGNING_PKCS11_TOKEN_LABEL
    if not module or not label or not settings.SIGNING_PKCS11_KEY_LABEL:
        raise SigningError(_("The token is not fully configured: set its module, token label and key label."))
    pin = _secret(settings.SIGNING_PKCS11_PIN_FILE, _("The token's PIN file"))
    signing_cert = None
    if settings.SIGNING_PKCS11_CERT_FILE:
        signing_cert = load_certificates(
            _read(settings.SIGNING_PKCS11_CERT_FILE, _("The seal's certificate file"))
        )[0]
    try:
        session = open_pkcs11_session(module, token_criteria=TokenCriteria(label=label), user_pin=pin)
    except pkcs11.exceptions.PinIncorrect as exc:
        raise SigningError(
            _("The token refused the PIN: it is wrong. Nothing was retried, so the token is not locked.")
        ) from exc
    except pkcs11.exceptions.PinLocked as exc:
        raise SigningError(
            _("The token's PIN is locked; unlock it with the token's administrator PIN.")
        ) from exc
    except PKCS11Error as exc:
        text = str(exc)
        if "No token" in text:
            raise SigningError(
                _("The token “%(label)s” was not found: is it plugged in and its label right?")
                % {"label": label}
            ) from exc
        if "loading" in text or "OS exception" in text:
            raise SigningError(
                _("The PKCS#11 module %(module)s cannot be loaded.") % {"module": module}
            ) from exc
        raise SigningError(
            _("The token answered with an error: %(error)s") % {"error": text or type(exc).__name__}
        ) from exc
    try:
        yield PKCS11Signer(
            session,
            key_label=settings.SIGNING_PKCS11_KEY_LABEL,
            cert_label=None
            if signing_cert
            else (settings.SIGNING_PKCS11_CERT_LABEL or settings.SIGNING_PKCS11_KEY_LABEL),
            signing_cert=signing_cert,
            ca_chain=_chain(),
            other_certs_to_pull=(),
        )
    finally:
        try:
            session.close()
        except Exception:  # a token pulled out mid-way: the session is gone anyway
            logger.warning("the PKCS#11 session could not be closed cleanly")
