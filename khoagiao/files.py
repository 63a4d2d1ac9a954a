"""Private attachments: checked on the way in, never under a public URL, served by a view.

Each app that has attachments (tasks, meetings, agreements) declares a concrete model on top of
`PrivateAttachment` with a foreign key to its owner, a `visible_to(user)` queryset that follows
the owner's, and a download view that calls `private_file_response`.
"""

import hashlib
import os
import re
import unicodedata
import uuid
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

# extension -> MIME types the sniffed content may have
ALLOWED_TYPES = {
    "pdf": {"application/pdf"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
    "pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/zip"},
    "doc": {"application/msword", "application/x-ole-storage", "application/vnd.ms-excel"},
    "xls": {"application/vnd.ms-excel", "application/x-ole-storage", "application/msword"},
    "odt": {"application/vnd.oasis.opendocument.text", "application/zip"},
    "ods": {"application/vnd.oasis.opendocument.spreadsheet", "application/zip"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
}
OFFICE_ZIPS = {"docx", "xlsx", "pptx", "odt", "ods"}
MAX_IMAGE_PIXELS = 60_000_000  # about 60 megapixels: any real photo of a meeting
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_NAME_LENGTH = 150
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def safe_filename(name):
    """A display name without paths, control or bidi characters ("../x.pdf" -> "x.pdf")."""
    name = unicodedata.normalize("NFC", os.path.basename(str(name).replace("\\", "/")))
    # Drop format characters (RTL overrides, zero-width joiners) that disguise extensions.
    name = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    name = _UNSAFE_CHARS.sub("_", name).strip(" .")
    stem, ext = os.path.splitext(name)
    stem = stem[: MAX_NAME_LENGTH - len(ext)] or "tep"
    return f"{stem}{ext.lower()}"


def _sniff(upload):
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _check_zip(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("The file is damaged and cannot be opened.")) from exc
    finally:
        upload.seek(0)
    if total > MAX_UNZIPPED_BYTES:
        raise ValidationError(_("The file expands to more than %(mb)s MB and was refused.") % {"mb": 200})


def _check_image(upload):
    try:
        with Image.open(upload) as image:
            width, height = image.size
    except Exception as exc:  # Pillow raises many types for hostile input
        raise ValidationError(_("The image is damaged and cannot be opened.")) from exc
    finally:
        upload.seek(0)
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(_("The image is too large (%(w)s × %(h)s pixels).") % {"w": width, "h": height})


def validate_upload(upload):
    """Refuse anything that is not what its name says, too big, or a decompression bomb."""
    limit = settings.PORTAL_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": limit // 1048576}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    name = safe_filename(upload.name)
    ext = os.path.splitext(name)[1].lstrip(".").lower()
    if ext not in ALLOWED_TYPES:
        raise ValidationError(
            _("Files of type .%(ext)s are not accepted. Accepted: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(sorted(ALLOWED_TYPES))}
        )
    mime = _sniff(upload)
    if mime not in ALLOWED_TYPES[ext]:
        raise ValidationError(
            _("The content of “%(name)s” is not a .%(ext)s file.") % {"name": name, "ext": ext}
        )
    if ext in OFFICE_ZIPS:
        _check_zip(upload)
    if mime.startswith("image/"):
        _check_image(upload)
    return name, mime


def private_upload_to(instance, filename):
    ext = os.path.splitext(filename)[1].lower()
    today = timezone.localdate()
    return f"{instance._meta.app_label}/{today:%Y/%m}/{uuid.uuid4().hex}{ext}"


class PrivateAttachment(models.Model):
    """A stored file. Disk name is random; the name people see is `original_name`."""

    file = models.FileField(gettext_lazy("file"), upload_to=private_upload_to, max_length=255)
    original_name = models.CharField(gettext_lazy("file name"), max_length=MAX_NAME_LENGTH + 10)
    content_type = models.CharField(gettext_lazy("type"), max_length=100)
    size = models.PositiveBigIntegerField(gettext_lazy("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    description = models.CharField(gettext_lazy("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.original_name

    def set_upload(self, upload):
        """Validate `upload` and fill the metadata fields; the file is written on save()."""
        name, mime = validate_upload(upload)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        self.file = upload
        self.original_name = name
        self.content_type = mime
        self.size = upload.size
        self.sha256 = digest.hexdigest()

    def delete_file(self):
        if self.file:
            self.file.storage.delete(self.file.name)


def private_file_response(fieldfile, filename, content_type="application/octet-stream"):
    """Serve a private file as a download; nginx sends the bytes when X-Accel-Redirect is set up.
    A record whose file is gone (restored from an older backup, removed by hand) answers 404."""
    if not fieldfile or not fieldfile.storage.exists(fieldfile.name):
        raise Http404
    prefix = settings.PORTAL_X_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + fieldfile.name
    else:
        response = FileResponse(fieldfile.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were talked into rendering it, the file runs in a sandbox.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
