"""Reading the signatures of a PDF: is each intact, does it cover the file, was anything changed
after it, does its signer chain to a configured trust root, was the certificate valid when it
signed, and is what it signed a document the portal issued.

pyHanko answers each question separately; its `valid` stays true when a signed byte was changed,
so the judgment is made from `intact`, the coverage, the modification level and the trust problem,
never from `valid` alone. Each failed question has its own message (a `Problem`), in the order a
person would check them.
"""

import datetime
import hashlib
import io
import logging
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import config

logger = logging.getLogger(__name__)

# pyHanko logs a traceback for every expected failure (an untrusted signer is one).
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

MESSAGES = {
    "not_pdf": _("The file is not a PDF that can be read."),
    "unsigned": _("The file has no digital signature."),
    "tampered": _(
        "The signature is broken: the file was changed after it was signed (its bytes no longer match "
        "the signature)."
    ),
    "bad_signature": _("The signature value is not valid for this file and certificate."),
    "coverage": _("The signature does not cover the whole file up to the signature."),
    "modified": _(
        "The file was changed after it was signed: content was added or altered in a later update "
        "(for example a page)."
    ),
    "untrusted": _("The signer's certificate does not chain to a certification authority the portal trusts."),
    "expired": _("The signer's certificate had expired, or was not yet valid, when the file was signed."),
    "revoked": _("The signer's certificate has been revoked."),
    "key_usage": _("The signer's certificate may not be used to sign documents."),
    "timestamp": _("The signature's timestamp cannot be verified."),
    "not_issued": _(
        "What was signed is not the document the portal issued: the signed file must be the issued PDF, "
        "unchanged, with the signature added to it."
    ),
}

EXPIRED = {"OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "EXPIRED", "NOT_YET_VALID"}
REVOKED = {"REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE"}
KEY_USAGE = {"SIG_CONSTRAINTS_FAILURE"}
_EOF = re.compile(rb"%%EOF(\r\n|\r|\n)?")


@dataclass(frozen=True)
class Problem:
    code: str

    @property
    def message(self):
        return str(MESSAGES[self.code])


@dataclass
class SignatureCheck:
    field_name: str
    revision: int
    signer_name: str = ""
    signer_organization: str = ""
    signing_time: datetime.datetime | None = None
    timestamped: bool = False
    problems: list = field(default_factory=list)
    # The length of the file before this signature's revision (what it signed as a document).
    base_length: int | None = None

    @property
    def ok(self):
        return not self.problems

    def codes(self):
        return [problem.code for problem in self.problems]


@dataclass
class PdfCheck:
    sha256: str
    size: int
    readable: bool = True
    revisions: int = 0
    signatures: list = field(default_factory=list)
    reader: object = None

    @property
    def all_valid(self):
        return self.readable and bool(self.signatures) and all(sig.ok for sig in self.signatures)


def _name_part(cert, key):
    return str(cert.subject.native.get(key, "") or "")


def _key_usage():
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    # Ban Cơ yếu's personal and organisation certificates carry nonRepudiation, digitalSignature or both.
    return KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False)


def _validate(embedded, moment=None):
    from pyhanko.sign.validation import validate_pdf_signature

    context = config.validation_context(moment)
    return validate_pdf_signature(
        embedded,
        signer_validation_context=context,
        ts_validation_context=config.validation_context(moment),
        key_usage_settings=_key_usage(),
    )


def _trust_code(status):
    indic = status.trust_problem_indic
    name = getattr(indic, "name", "")
    if name in EXPIRED:
        return "expired"
    if name in REVOKED:
        return "revoked"
    if name in KEY_USAGE:
        return "key_usage"
    return "untrusted"


def _check_signature(embedded):
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    check = SignatureCheck(field_name=str(embedded.field_name or ""), revision=embedded.signed_revision)
    try:
        status = _validate(embedded)
    except Exception:  # a damaged signature container: pyHanko raises many types
        logger.info("signature %s cannot be validated", check.field_name, exc_info=True)
        check.problems.append(Problem("tampered"))
        return check
    cert = status.signing_cert
    check.signer_name = _name_part(cert, "common_name")
    check.signer_organization = _name_part(cert, "organization_name")
    timestamp = status.timestamp_validity
    check.timestamped = timestamp is not None
    if timestamp is not None and timestamp.intact and timestamp.valid:
        check.signing_time = timestamp.timestamp
    else:
        check.signing_time = status.signer_reported_dt
    if not status.intact:
        check.problems.append(Problem("tampered"))
        return check
    if not status.valid:
        check.problems.append(Problem("bad_signature"))
        return check
    if status.coverage not in (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION):
        check.problems.append(Problem("coverage"))
    if status.modification_level is not None and not status.docmdp_ok:
        check.problems.append(Problem("modified"))
    if not status.trusted:
        code = _trust_code(status)
        if code == "expired" and timestamp is not None and timestamp.trusted:
            # A trusted timestamp proves when it was signed: judge the certificate at that time.
            status = _validate(embedded, moment=timestamp.timestamp)
            code = None if status.trusted else _trust_code(status)
        if code:
            check.problems.append(Problem(code))
    if timestamp is not None and not timestamp.trusted:
        check.problems.append(Problem("timestamp"))
    return check


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


def inspect_pdf(data):
    """Every signature of the PDF bytes `data`, checked. Never raises on hostile input."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    result = PdfCheck(sha256=sha256_of(data), size=len(data))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        result.revisions = reader.xrefs.total_revisions
        signatures = list(reader.embedded_regular_signatures)
    except Exception:  # the parser raises many types for a damaged or hostile file
        logger.info("an uploaded PDF cannot be read", exc_info=True)
        result.readable = False
        return result
    result.reader = reader
    for embedded in signatures:
        check = _check_signature(embedded)
        check.base_length = _base_length(data, embedded)
        result.signatures.append(check)
    return result


def _base_length(data, embedded):
    """Where the revision before this signature ends: just after the last %%EOF (and its line end)
    before the signature's own update. None for a signature in the first revision."""
    try:
        start = int(embedded.byte_range[1])
    except (TypeError, ValueError, IndexError):
        return None
    ends = [match.end() for match in _EOF.finditer(data, 0, start)]
    return ends[-1] if ends else None


def candidate_prefixes(data, check):
    """(length, sha256) of the places a signed revision could start: after each %%EOF before the
    signature, with and without its line end, since signing tools differ there."""
    if check.base_length is None:
        return []
    limit = check.base_length
    seen = {}
    for match in _EOF.finditer(data, 0, limit):
        for end in {match.start() + 5, match.end()}:
            if end <= limit and end not in seen:
                seen[end] = sha256_of(data[:end])
    return sorted(seen.items())


def signs_exactly(data, check, *, sha256, size, reader):
    """Whether `check`'s signature was put on the document whose bytes have this SHA-256 and size:
    those bytes are the start of the file, the signature's revision follows them directly, and
    that revision only adds a signature to them (pyHanko's difference analysis vets the revisions
    after it, not its own)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    if size is None or len(data) < size or sha256_of(data[:size]) != sha256:
        return False
    try:
        issued_revisions = PdfFileReader(io.BytesIO(data[:size]), strict=False).xrefs.total_revisions
    except Exception:
        return False
    if check.revision != issued_revisions:
        return False
    try:
        return only_a_signature_added(reader, check.revision)
    except Exception:  # a structure pyHanko cannot resolve: not what was issued
        logger.info("the signature's revision cannot be compared with the issued one", exc_info=True)
        return False


# What signing may change in the document it signs: the catalogue gains a form (and PAdES's
# extension, permissions, validation data, metadata), a page gains the widget in /Annots, the
# document information and XMP metadata may be updated. Anything else changed is another document.
CATALOG_MAY_CHANGE = {"/AcroForm", "/Extensions", "/Perms", "/DSS", "/Metadata"}
PAGE_MAY_CHANGE = {"/Annots"}


def _plain(value, depth=0):
    """A comparable form of a PDF value: references by number, dictionaries and arrays by value."""
    from pyhanko.pdf_utils import generic

    if depth > 20:
        raise ValueError("too deep")
    if isinstance(value, generic.IndirectObject):
        return ("ref", value.idnum, value.generation)
    if isinstance(value, generic.StreamObject):
        return ("stream", _plain(dict(value.items()), depth + 1), bytes(value.encoded_data or b""))
    if isinstance(value, dict):
        return tuple(
            sorted(
                (str(k), _plain(value.raw_get(k) if hasattr(value, "raw_get") else v, depth + 1))
                for k, v in value.items()
            )
        )
    if isinstance(value, list):
        return tuple(
            _plain(value.raw_get(i) if hasattr(value, "raw_get") else v, depth + 1)
            for i, v in enumerate(value)
        )
    return ("value", str(value))


def _without(dictionary, keys):
    return tuple(item for item in _plain(dictionary) if item[0] not in keys)


def _pages(resolver):
    """The page references of one revision, in order."""
    found = []

    def walk(node_ref, depth=0):
        if depth > 50:
            raise ValueError("page tree too deep")
        node = node_ref.get_object()
        if str(node.get("/Type", "")) == "/Pages":
            kids = node["/Kids"]
            for index in range(len(kids)):
                walk(kids.raw_get(index), depth + 1)
        else:
            found.append(node_ref.reference)

    walk(resolver.root.raw_get("/Pages"))
    return found


def only_a_signature_added(reader, revision):
    old = reader.get_historical_resolver(revision - 1)
    new = reader.get_historical_resolver(revision)
    old_root = old.trailer_view.raw_get("/Root").reference
    if new.trailer_view.raw_get("/Root").reference != old_root:
        return False
    if _without(old.root, CATALOG_MAY_CHANGE) != _without(new.root, CATALOG_MAY_CHANGE):
        return False
    pages = _pages(old)
    if _pages(new) != pages:
        return False
    free = {old_root, *pages}
    for key in ("/AcroForm", "/Metadata"):
        item = old.root.raw_get(key) if key in old.root else None
        if hasattr(item, "reference"):
            free.add(item.reference)
    info = old.trailer_view.raw_get("/Info") if "/Info" in old.trailer_view else None
    if hasattr(info, "reference"):
        free.add(info.reference)
    for page in pages:
        annots = old.get_object(page).raw_get("/Annots") if "/Annots" in old.get_object(page) else None
        if hasattr(annots, "reference"):
            free.add(annots.reference)
        if _without(old.get_object(page), PAGE_MAY_CHANGE) != _without(new.get_object(page), PAGE_MAY_CHANGE):
            return False
    xrefs = reader.xrefs
    for ref in xrefs.explicit_refs_in_revision(revision):
        try:
            introduced = xrefs.get_introducing_revision(ref)
        except KeyError:
            continue
        if introduced < revision and generic_ref(ref) not in {generic_ref(r) for r in free}:
            return False
    return True


def generic_ref(ref):
    return (ref.idnum, ref.generation)
