"""Issued documents and their signatures.

A SignedDocument is one PDF the portal issued (a conclusion notice as approved with its number, a
periodic report): the issued file and its SHA-256, the signed file once there is one, and the state
of the signature. It points at what it is by a foreign key per kind of source (a register of
outgoing documents can be one more); the sources do not point back, so meetings and reports stay
below this app.

States: QUEUED and SIGNING (the job makes the issued file if needed and applies the seal), UNSIGNED
(issued, waiting for a leader's token), SIGNED, FAILED with a message. People read them as "chưa ký
số", "đã ký số" and "ký số lỗi" (`signature_state`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khoagiao.scoping import province_field, scoped_manager
from meetings.models import ConclusionVersion
from organizations.access import VisibleQuerySet


class SignedDocumentQuerySet(VisibleQuerySet):
    def of_unit(self, unit_id):
        """A unit receives the notices of the meetings it was invited to; reports are the Ban's."""
        versions = ConclusionVersion.objects.all().of_unit(unit_id).values("id")
        return self.filter(kind=SignedDocument.Kind.NOTICE, conclusion_version_id__in=versions)

    def active(self):
        return self.filter(status__in=(SignedDocument.Status.QUEUED, SignedDocument.Status.SIGNING))


class SignedDocument(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", _("Conclusion notice")
        REPORT = "report", _("Periodic report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be issued or sealed")
        SIGNING = "signing", _("Being issued or sealed")
        UNSIGNED = "unsigned", _("Not digitally signed")
        SIGNED = "signed", _("Digitally signed")
        FAILED = "failed", _("Digital signing failed")

    class Method(models.TextChoices):
        SEAL = "seal", _("the Ban's seal")
        TOKEN = "token", _("a personal token")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=400)
    download_name = models.CharField(_("file name"), max_length=200)
    conclusion_version = models.OneToOneField(
        "meetings.ConclusionVersion",
        verbose_name=_("approved version of a conclusion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_document",
    )
    report = models.OneToOneField(
        "reports.Report",
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_document",
    )

    # The PDF as the portal issued it; what a leader signs, byte for byte.
    issued_file = models.FileField(_("issued file"), max_length=255, blank=True)
    issued_sha256 = models.CharField(
        _("SHA-256 of the issued file"), max_length=64, blank=True, db_index=True
    )
    issued_size = models.PositiveBigIntegerField(_("size of the issued file"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    # Whether the Ban's seal signs it (SIGNING_SEAL_KINDS when it was issued).
    seal = models.BooleanField(_("sealed by the Ban"), default=False)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    enqueued_at = models.DateTimeField(_("sent to the worker at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True)
    failure_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The document of record once signed.
    signed_file = models.FileField(_("signed file"), max_length=255, blank=True)
    signed_sha256 = models.CharField(
        _("SHA-256 of the signed file"), max_length=64, blank=True, db_index=True
    )
    signed_size = models.PositiveBigIntegerField(_("size of the signed file"), null=True, blank=True)
    method = models.CharField(_("signed with"), max_length=10, choices=Method.choices, blank=True)
    signer_name = models.CharField(_("signer"), max_length=300, blank=True)
    signer_organization = models.CharField(_("signer's organisation"), max_length=300, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    timestamped = models.BooleanField(_("timestamped"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    province = province_field()

    objects = scoped_manager(SignedDocumentQuerySet)
    history = HistoricalRecords(excluded_fields=["heartbeat_at", "updated_at", "failure_notified_at"])

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="notice") & Q(conclusion_version__isnull=False) & Q(report__isnull=True))
                | (Q(kind="report") & Q(report__isnull=False) & Q(conclusion_version__isnull=True)),
                name="signed_document_one_source",
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | ~Q(signed_file=""), name="signed_document_has_signed_file"
            ),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self):
        return self.title

    @property
    def signature_state(self):
        """ "unsigned", "signed" or "failed": what people are told."""
        if self.status == self.Status.SIGNED:
            return "signed"
        if self.status == self.Status.FAILED:
            return "failed"
        return "unsigned"

    @property
    def is_issued(self):
        return bool(self.issued_file)

    @property
    def record_file(self):
        """The document of record: the signed file once there is one, else the issued file."""
        return self.signed_file if self.signed_file else self.issued_file

    @property
    def sealing(self):
        return self.status in (self.Status.QUEUED, self.Status.SIGNING)

    @property
    def waiting_for_broker(self):
        return self.status == self.Status.QUEUED and self.enqueued_at is None

    def signed_download_name(self):
        return self.download_name.removesuffix(".pdf") + " (ký số).pdf"
