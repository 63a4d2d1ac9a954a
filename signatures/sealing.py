"""Applying the Ban's seal to one PDF with pyHanko (PAdES baseline B-T with a timestamp server,
B-B without one). The input is never changed: the signed copy is written to `target`, an open
file the caller moves into place once complete (signatures.services)."""

import datetime
import io
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import appearance, config
from .errors import SigningError, SigningUnavailable

logger = logging.getLogger(__name__)

FIELD_NAME = "DauPhatHanh"


@dataclass(frozen=True)
class Sealed:
    signer_name: str
    signer_organization: str
    signed_at: datetime.datetime
    timestamped: bool


def _subject(cert, key):
    return str(cert.subject.native.get(key, "") or "")


def seal_pdf(data, target, *, signer, timestamper=None, demo=False, font=None):
    """Sign the PDF bytes `data` with `signer` into the binary file `target`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import TimestampRequestError

    try:
        page, box = appearance.signature_place(PdfFileReader(io.BytesIO(data)))
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
    except (PdfReadError, ValueError, KeyError) as exc:
        raise SigningError(_("The document to seal is not a readable PDF.")) from exc
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        location=None,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=timestamper,
        stamp_style=appearance.seal_style(font=font or config.font_path(), demo=demo),
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=page, box=box),
    )
    started = datetime.datetime.now(datetime.UTC)
    try:
        pdf_signer.sign_pdf(writer, output=target)
    except TimestampRequestError as exc:
        raise SigningUnavailable(
            _("The timestamp server did not answer (%(url)s).") % {"url": getattr(timestamper, "url", "")}
        ) from exc
    except SigningError:
        raise
    except Exception as exc:
        # pkcs11 and pyHanko raise many types for a key that cannot be used; say which.
        logger.exception("sealing failed")
        raise SigningError(
            _("The key could not sign: %(error)s") % {"error": str(exc) or type(exc).__name__}
        ) from exc
    cert = signer.signing_cert
    return Sealed(
        signer_name=_subject(cert, "common_name"),
        signer_organization=_subject(cert, "organization_name"),
        signed_at=started,
        timestamped=timestamper is not None,
    )
