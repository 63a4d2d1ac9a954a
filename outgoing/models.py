"""The register of outgoing documents (sổ văn bản đi): every number the Ban gives a document.

One gap-free sequence per year and document type (BC for reports, TB for notices, ...). A number is
taken by `outgoing.services.number_take` inside the transaction that approves the document, under
a row lock on the (year, type) counter, so two approvals at once wait for each other and a rolled
back approval gives its number back with everything else. An entry is never edited or deleted:
the model refuses, the admin is read-only, and a trigger in the database refuses UPDATE and DELETE
whatever the path (migration 0001).

The entry points at the document it numbers by a foreign key per kind of source, by string
reference: the register sits below meetings and reports, which reach it inside their services.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khoagiao.scoping import province_field, scoped_manager
from organizations.access import VisibleQuerySet


class RegisterLocked(Exception):
    """An entry of the register was about to be changed or deleted."""


class Counter(models.Model):
    """The last number given for one year and type; the row lock that serialises numbering."""

    year = models.PositiveSmallIntegerField(_("year"))
    doc_type = models.CharField(_("document type"), max_length=10)
    last = models.PositiveIntegerField(_("last number"), default=0)

    province = province_field()

    objects = scoped_manager(models.QuerySet)

    class Meta:
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "doc_type"], name="outgoing_counter_once")
        ]

    def __str__(self):
        return f"{self.doc_type} {self.year}: {self.last}"


class EntryQuerySet(VisibleQuerySet):
    """The register is the Ban's: staff, leaders and admins read it; units see none of it."""


class Entry(models.Model):
    class DocType(models.TextChoices):
        REPORT = "BC", _("Report (BC)")
        NOTICE = "TB", _("Notice (TB)")

    year = models.PositiveSmallIntegerField(_("year"))
    doc_type = models.CharField(_("document type"), max_length=10, choices=DocType.choices)
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=60)  # as printed: "3-BC/BTGDVTU"
    issued_on = models.DateField(_("date"))
    summary = models.TextField(_("summary (trích yếu)"))
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)  # one per line, as printed
    report = models.OneToOneField(
        "reports.Report",
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="register_entry",
    )
    # A conclusion keeps the number it took at its first approval, whatever reopening follows.
    conclusion = models.OneToOneField(
        "meetings.Conclusion",
        verbose_name=_("conclusion notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="register_entry",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    province = province_field()

    objects = scoped_manager(EntryQuerySet)

    class Meta:
        verbose_name = _("outgoing document")
        verbose_name_plural = _("register of outgoing documents")
        ordering = ["-year", "doc_type", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "doc_type", "sequence"], name="outgoing_entry_once"
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RegisterLocked("an entry of the register of outgoing documents is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RegisterLocked("an entry of the register of outgoing documents is never deleted")

    @property
    def recipient_list(self):
        return [line for line in self.recipients.splitlines() if line.strip()]
