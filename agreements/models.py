"""Coordination programmes (chương trình phối hợp) signed under Quy chế 238-QĐ/TW."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directives.models import Directive
from khoagiao.files import PrivateAttachment
from khoagiao.periods import PeriodField
from khoagiao.scoping import province_field, scoped_manager
from khoagiao.text import fold, nfc, search_terms
from organizations.access import VisibleQuerySet
from organizations.models import Organization


class AgreementQuerySet(VisibleQuerySet):
    def of_unit(self, unit_id):
        """A unit sees the programmes it signed or leads or supports an item of."""
        items = AgreementItem.objects.filter(Q(lead_id=unit_id) | Q(cooperating__id=unit_id))
        signed = CoordinationAgreement.objects.filter(partners=unit_id).values("id")
        return self.filter(Q(id__in=signed) | Q(id__in=items.values("agreement_id")))

    def search(self, query):
        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs


class CoordinationAgreement(models.Model):
    """A programme between the Ban and one or more partner organisations, for a span of years."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_EFFECT = "in_effect", _("In effect")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("number"), max_length=40, blank=True)
    title = models.TextField(_("title"))
    basis = models.ForeignKey(
        Directive,
        verbose_name=_("basis"),
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text=_("Usually Quy chế 238-QĐ/TW (or the older 221-QĐ/TW)."),
    )
    ban = models.ForeignKey(
        Organization, verbose_name=_("Ban"), on_delete=models.PROTECT, related_name="agreements_as_ban"
    )
    partners = models.ManyToManyField(Organization, verbose_name=_("partners"), related_name="agreements")
    starts_on = models.DateField(_("covers from"))
    ends_on = models.DateField(_("covers until"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_place = models.CharField(_("signed at"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IN_EFFECT)
    summary = models.TextField(_("summary"), blank=True)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # Moved by the database on every change of the programme, its partners and items (khoagiao.stamps).
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # How the conflict panel names it (khoagiao/locking.py): "this programme".
    conflict_noun = _("programme")

    province = province_field()

    objects = scoped_manager(AgreementQuerySet)
    history = HistoricalRecords(m2m_fields=[partners], excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("coordination agreement")
        verbose_name_plural = _("coordination agreements")
        ordering = ["-starts_on", "title"]
        indexes = [models.Index(fields=["updated_at", "id"], name="agreement_updated_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="agreement_valid_span"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.number = nfc(self.number) or ""
        self.summary = nfc(self.summary) or ""
        self.signed_place = nfc(self.signed_place) or ""
        self.search_text = fold(f"{self.number} {self.title} {self.summary}")
        super().save(*args, **kwargs)

    @property
    def years(self):
        return range(self.starts_on.year, self.ends_on.year + 1)


class AgreementItemQuerySet(VisibleQuerySet):
    parent = "agreement"  # a partner sees the whole programme


class AgreementReviewQuerySet(VisibleQuerySet):
    parent = "agreement"


class AgreementItem(models.Model):
    """One nội dung phối hợp: what, who leads, who supports, by when."""

    agreement = models.ForeignKey(
        CoordinationAgreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    content = models.TextField(_("content"))
    lead = models.ForeignKey(
        Organization,
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="led_agreement_items",
    )
    cooperating = models.ManyToManyField(
        Organization,
        verbose_name=_("cooperating units"),
        blank=True,
        related_name="supported_agreement_items",
    )
    timeline = models.CharField(_("timeline"), max_length=255, blank=True)

    objects = scoped_manager(AgreementItemQuerySet, path="agreement__province")
    history = HistoricalRecords(m2m_fields=[cooperating])

    class Meta:
        verbose_name = _("agreement item")
        verbose_name_plural = _("agreement items")
        ordering = ["agreement", "order", "id"]

    def __str__(self):
        return self.content[:80]

    def save(self, *args, **kwargs):
        self.content = nfc(self.content)
        self.timeline = nfc(self.timeline) or ""
        super().save(*args, **kwargs)


class AgreementReview(models.Model):
    """A yearly (or periodic) review of a programme: what came of it and where it was reviewed."""

    agreement = models.ForeignKey(
        CoordinationAgreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="reviews"
    )
    period = PeriodField(_("period"))
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    result = models.TextField(_("result"))
    reviewed_in = models.CharField(_("reviewed in"), max_length=255, blank=True)

    objects = scoped_manager(AgreementReviewQuerySet, path="agreement__province")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement review")
        verbose_name_plural = _("agreement reviews")
        ordering = ["agreement", "period"]
        constraints = [models.UniqueConstraint(fields=["agreement", "period"], name="agreement_review_once")]

    def __str__(self):
        return f"{self.agreement} — {self.period}"

    def save(self, *args, **kwargs):
        self.result = nfc(self.result)
        self.reviewed_in = nfc(self.reviewed_in) or ""
        super().save(*args, **kwargs)


class AgreementAttachmentQuerySet(VisibleQuerySet):
    parent = "agreement"


class AgreementAttachment(PrivateAttachment):
    agreement = models.ForeignKey(
        CoordinationAgreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )

    objects = scoped_manager(AgreementAttachmentQuerySet, path="agreement__province")

    class Meta(PrivateAttachment.Meta):
        verbose_name = _("agreement attachment")
        verbose_name_plural = _("agreement attachments")
