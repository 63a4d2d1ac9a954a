"""Kiểm tra văn bản: what the portal can say about any PDF a signed-in user brings.

The file is compared with the portal's records by SHA-256: the whole file (exactly an issued or a
signed document of record), and for each signature the bytes it was put on (an issued document,
byte for byte). Which document matched is named only if the user may see it; that the portal
issued it is said to anyone, since they hold the file."""

from dataclasses import dataclass, field

from .models import SignedDocument
from .verification import candidate_prefixes, inspect_pdf, signs_exactly


@dataclass
class SignatureFinding:
    check: object
    issued: SignedDocument | None = None  # the issued document this signature was put on
    visible: bool = False


@dataclass
class Examination:
    check: object
    exact_issued: SignedDocument | None = None
    exact_signed: SignedDocument | None = None
    findings: list = field(default_factory=list)
    visible_ids: set = field(default_factory=set)

    @property
    def document(self):
        """The issued document this file is, or was signed on."""
        for candidate in (self.exact_signed, self.exact_issued):
            if candidate:
                return candidate
        return next((f.issued for f in self.findings if f.issued), None)

    @property
    def issued_by_portal(self):
        return self.document is not None

    @property
    def document_visible(self):
        return self.document is not None and self.document.pk in self.visible_ids

    @property
    def signatures_valid(self):
        return bool(self.findings) and all(f.check.ok for f in self.findings)

    @property
    def verdict(self):
        """ "valid", "unsigned", "invalid" or "unreadable"."""
        if not self.check.readable:
            return "unreadable"
        if not self.findings:
            return "unsigned"
        return "valid" if self.signatures_valid and self.issued_by_portal else "invalid"


def examine(data, *, viewer):
    check = inspect_pdf(data)
    result = Examination(check=check)
    if not check.readable:
        return result
    records = SignedDocument.objects.all()
    result.exact_issued = records.filter(issued_sha256=check.sha256).first()
    result.exact_signed = records.filter(signed_sha256=check.sha256).first()
    for signature in check.signatures:
        finding = SignatureFinding(check=signature)
        prefixes = {sha for _length, sha in candidate_prefixes(data, signature)}
        for document in records.filter(issued_sha256__in=list(prefixes)):
            if signs_exactly(
                data, signature, sha256=document.issued_sha256, size=document.issued_size, reader=check.reader
            ):
                finding.issued = document
                break
        result.findings.append(finding)
    found = {d.pk for d in (result.exact_issued, result.exact_signed) if d} | {
        f.issued.pk for f in result.findings if f.issued
    }
    result.visible_ids = set(
        SignedDocument.objects.visible_to(viewer).filter(pk__in=found).values_list("pk", flat=True)
    )
    for finding in result.findings:
        finding.visible = finding.issued is not None and finding.issued.pk in result.visible_ids
    return result
