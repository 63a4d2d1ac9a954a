"""Party directives (văn bản chỉ đạo) the Ban carries out, and their review milestones."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khoagiao.files import PrivateAttachment
from khoagiao.scoping import province_field, scoped_manager
from khoagiao.text import fold, nfc
from organizations.access import VisibleQuerySet
from organizations.models import Field, Organization

from .numbering import DocumentType, format_number, format_term


class Classification(models.TextChoices):
    """Độ mật (Luật Bảo vệ bí mật nhà nước): above NONE only register fields are kept."""

    NONE = "none", _("Not classified")
    MAT = "mat", _("Confidential (Mật)")
    TOI_MAT = "toi_mat", _("Secret (Tối mật)")
    TUYET_MAT = "tuyet_mat", _("Top secret (Tuyệt mật)")


class DirectiveQuerySet(VisibleQuerySet):
    def of_unit(self, unit_id):
        """A unit sees the unclassified directives its tasks come from."""
        from assignments.models import Task  # downstream app: imported lazily, never at module level

        sources = Task.objects.all().of_unit(unit_id).values("directive_id")
        return self.filter(classification=Classification.NONE, id__in=sources)

    def search(self, query):
        from khoagiao.text import search_terms

        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs


def derived_values(sequence, type_abbreviation, issuer_symbol, title, summary, signer):
    """(number, title, summary, signer, search_text) as a directive stores them: the number as
    printed, the texts in NFC and trimmed, the folded text search reads. Directive.normalize() and
    the import's COPY path (imports/copy_writer.py), which writes rows without instances, share it."""
    number = format_number(sequence, type_abbreviation, issuer_symbol)
    title, summary, signer = nfc(title) or "", nfc(summary) or "", nfc(signer) or ""
    return number, title, summary, signer, fold(f"{number} {title} {signer}")


def directive_province(issuing_body, province_id):
    """A central body's directive is every province's (docs/architecture.md, "Provinces"): no
    province. Any other keeps the province it was given."""
    return None if issuing_body.province_id is None else province_id


class Directive(models.Model):
    """A nghị quyết, chỉ thị, kết luận, quyết định, hướng dẫn, kế hoạch... identified by its number
    as printed ("128-HD/BTGTW"), its issuing body and its term: the same number recurs across terms."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        REPLACED = "replaced", _("Replaced")
        EXPIRED = "expired", _("Expired")

    # The number as printed, canonical form: "128-HD/BTGTW". Parsed parts below.
    number = models.CharField(_("number"), max_length=40)
    sequence = models.PositiveIntegerField(_("sequence number"))
    type_abbreviation = models.CharField(_("type abbreviation"), max_length=10)
    issuer_symbol = models.CharField(_("issuer symbol"), max_length=20)
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    issuing_body = models.ForeignKey(
        Organization,
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="issued_directives",
    )
    # Khóa of the Party congress term (XIII = 13); None when unknown.
    term = models.PositiveSmallIntegerField(_("term (khóa)"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"))
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    title = models.TextField(_("title (trích yếu)"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    fields = models.ManyToManyField(Field, verbose_name=_("fields"), blank=True, related_name="directives")
    implements = models.ForeignKey(
        "self",
        verbose_name=_("implements"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementing_documents",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IN_FORCE)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    classification = models.CharField(
        _("classification"), max_length=10, choices=Classification.choices, default=Classification.NONE
    )
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Optimistic locking (khoagiao/locking.py): every change raises it.
    version = models.PositiveIntegerField(default=1, editable=False)

    province = province_field(null=True, blank=True)

    # The province whose Ban entered the directive in the register. A central body's directive has
    # no province and every province reads it; only the Ban that entered it changes its entry
    # (organizations.access, Rule.recorder_only), so one province's edit does not rewrite what
    # the others read. Another province adds its own files and review milestones to it.
    recorded_in = province_field(
        verbose_name=_("entered by the province"), null=True, blank=True, editable=False
    )

    objects = scoped_manager(DirectiveQuerySet, shared=True)
    history = HistoricalRecords(m2m_fields=[fields], excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "-sequence", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issuing_body", "term"],
                condition=Q(term__isnull=False),
                name="directive_unique_number_body_term",
                violation_error_message=_(
                    "A directive with this number, issuing body and term is already in the register."
                ),
            ),
            models.UniqueConstraint(
                fields=["number", "issuing_body", "issued_on"],
                name="directive_unique_number_body_date",
                violation_error_message=_(
                    "A directive with this number, issuing body and issue date is already in the register."
                ),
            ),
            # Tuyệt mật: not even the trích yếu is kept (docs/domain.md, classified); classified: no content.
            models.CheckConstraint(
                condition=~Q(classification="tuyet_mat") | Q(title=""),
                name="directive_top_secret_no_title",
                violation_error_message=_("A Tuyệt mật directive keeps no trích yếu."),
            ),
            models.CheckConstraint(
                condition=Q(classification="none") | Q(summary=""),
                name="directive_classified_no_content",
                violation_error_message=_(
                    "A classified directive keeps its register fields only: no summary."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["issued_on"]),
            models.Index(fields=["sequence"]),
            models.Index(fields=["number"]),
            models.Index(fields=["updated_at", "id"], name="directive_updated_at"),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        self.normalize()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directives:detail", kwargs={"pk": self.pk})

    def normalize(self):
        """Derived and normalised values; bulk writes (the import) skip save(), so they call this."""
        self.number, self.title, self.summary, self.signer, self.search_text = derived_values(
            self.sequence, self.type_abbreviation, self.issuer_symbol, self.title, self.summary, self.signer
        )
        if self.issuing_body_id is not None:
            self.province_id = directive_province(self.issuing_body, self.province_id)

    @property
    def is_classified(self):
        return self.classification != Classification.NONE

    @property
    def is_top_secret(self):
        return self.classification == Classification.TUYET_MAT

    @property
    def term_display(self):
        """ "XIII" for 13: how a khóa is written."""
        return format_term(self.term)

    @property
    def label(self):
        """The number with its date, which tells apart numbers that recur ("20-NQ/TW, 25/10/2017")."""
        return f"{self.number}, {self.issued_on:%d/%m/%Y}"


class ReviewMilestoneQuerySet(VisibleQuerySet):
    parent = "directive"


class ReviewMilestone(models.Model):
    """A sơ kết (interim) or tổng kết (final) review of a directive."""

    class Kind(models.TextChoices):
        INTERIM = "so_ket", _("Interim review (sơ kết)")
        FINAL = "tong_ket", _("Final review (tổng kết)")

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255, blank=True)
    covers_from = models.DateField(_("covers from"), null=True, blank=True)
    covers_to = models.DateField(_("covers until"), null=True, blank=True)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # What did the review: a report or conclusion in the register, or a note (a meeting links
    # itself to the milestone from the meetings app).
    result_document = models.ForeignKey(
        Directive,
        verbose_name=_("result document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result_note = models.TextField(_("result"), blank=True)

    province = province_field()

    objects = scoped_manager(ReviewMilestoneQuerySet)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review milestone")
        verbose_name_plural = _("review milestones")
        ordering = ["due_on"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.directive.number}"

    def state_on(self, today, soon_days=60):
        """done, overdue, soon (due within `soon_days`) or planned: how the directive's page marks it."""
        if self.done_on:
            return "done"
        if self.due_on < today:
            return "overdue"
        if (self.due_on - today).days <= soon_days:
            return "soon"
        return "planned"


class DirectiveAttachmentQuerySet(VisibleQuerySet):
    parent = "directive"


class DirectiveAttachment(PrivateAttachment):
    """The text of a directive (PDF, scan). Never for classified directives (docs/domain.md,
    "Classified documents"): the service refuses them, and classifying a directive that has files
    is refused too."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="attachments"
    )

    province = province_field()

    objects = scoped_manager(DirectiveAttachmentQuerySet)
    history = HistoricalRecords()

    class Meta(PrivateAttachment.Meta):
        verbose_name = _("directive file")
        verbose_name_plural = _("directive files")


class ImportLog(models.Model):
    """One applied spreadsheet import: who, when, which file (SHA-256) and what it changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField("SHA-256", max_length=64)
    file_size = models.PositiveBigIntegerField(_("size"))
    file_format = models.CharField(_("format"), max_length=10)
    rows_total = models.PositiveIntegerField(_("rows"))
    created_count = models.PositiveIntegerField(_("new"))
    updated_count = models.PositiveIntegerField(_("updated"))
    unchanged_count = models.PositiveIntegerField(_("unchanged"))

    province = province_field()

    objects = scoped_manager(models.QuerySet)

    class Meta:
        verbose_name = _("directive import")
        verbose_name_plural = _("directive imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"


class DirectiveImportQuerySet(VisibleQuerySet):
    """Import jobs are the admins' (the rule directive.import); units see none (the base class)."""

    def active(self):
        return self.filter(status__in=(DirectiveImport.Status.QUEUED, DirectiveImport.Status.PARSING))


class DirectiveImport(models.Model):
    """One spreadsheet import as two jobs in the worker (docs/operations.md, "Background jobs"),
    with the states of the report job (reports/models.py):

    QUEUED → PARSING → PARSED: the file is read once, its rows kept next to it (imports/jobs.py)
    and the preview stored here. Confirming sends the second job: PARSED (confirmed) → APPLYING →
    DONE, the register written in one transaction with DONE. FAILED when a job dies too often or
    breaks; the sweeper re-sends jobs whose heartbeat stopped."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        PARSING = "parsing", _("Reading the file")
        PARSED = "parsed", _("Waiting for confirmation")
        APPLYING = "applying", _("Writing to the register")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField("ID", primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    file_sha256 = models.CharField("SHA-256", max_length=64)
    file_size = models.PositiveBigIntegerField(_("size"))

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    enqueued_at = models.DateTimeField(_("sent to the worker at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True)

    # Progress of the running job, written by its heartbeat: rows read of about rows_total, and
    # the whole job's percentage.
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # What the preview page shows (imports/jobs.py preview_data): counts, errors, the rows that change.
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    log = models.OneToOneField(
        ImportLog, verbose_name=_("import log"), null=True, blank=True, on_delete=models.SET_NULL
    )

    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    province = province_field()

    objects = scoped_manager(DirectiveImportQuerySet)

    class Meta:
        verbose_name = _("directive import job")
        verbose_name_plural = _("directive import jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self):
        return self.status in (self.Status.QUEUED, self.Status.PARSING, self.Status.APPLYING) or (
            self.status == self.Status.PARSED and self.confirmed_at is not None
        )
