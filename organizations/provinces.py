"""The province (tỉnh, thành phố): the scope of everything a Ban keeps (organizations/scoping.py).

Its record holds what used to be the installation's settings: the name on documents, who signs the
Ban's reports and to whom they go, when they are made, and the reminder days. A province merged
into another (Nghị quyết 202/2025/QH15: 63 became 34) keeps its rows and names its successor.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _recipients_default():
    return "\n".join(getattr(settings, "REPORTS_RECIPIENTS", []))


def _addresses_default():
    return "\n".join(
        f"{name}={address}" for name, address in getattr(settings, "REPORTS_RECIPIENT_ADDRESSES", {}).items()
    )


class ProvinceQuerySet(models.QuerySet):
    def active_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(merged_on__isnull=True) | Q(merged_on__gt=day))


class Province(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")  # tỉnh: its committee is the Tỉnh ủy
        CITY = "city", _("Centrally run city")  # thành phố: the Thành ủy

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROVINCE)
    # The merger that ended it: its rows stay its own, its successor carries the work on.
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    merged_on = models.DateField(_("merged on"), null=True, blank=True)
    merger_basis = models.CharField(_("legal basis of the merger"), max_length=255, blank=True)

    # The signature block and the Nơi nhận of the Ban's reports (docs/domain.md, "The layout of a document").
    signing_authority = models.CharField(_("signing authority"), max_length=100, default="K/T TRƯỞNG BAN")
    signer_position = models.CharField(_("signer's position"), max_length=100, default="PHÓ TRƯỞNG BAN")
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    recipients = models.TextField(
        _("recipients (Nơi nhận)"), default=_recipients_default, help_text=_("One recipient per line.")
    )
    recipient_addresses = models.TextField(
        _("recipients' e-mail addresses"),
        blank=True,
        default=_addresses_default,
        help_text=_("One per line: a recipient as written above, '=', its address."),
    )
    # The times of the Ban's report, the reminders and the weekly digest are beat's Periodic tasks,
    # the installation's; a province's own times are reports.ProvinceTime (reports/times.py).
    # Reminders (notices/ladder.py): days before a deadline, after it, without an update.
    reminder_days = models.PositiveSmallIntegerField(_("reminder horizon (days)"), default=7)
    notices_before_days = models.PositiveSmallIntegerField(_("liaison told days before"), default=3)
    notices_head_after_days = models.PositiveSmallIntegerField(_("unit head told days after"), default=3)
    notices_ban_after_days = models.PositiveSmallIntegerField(_("Ban told days after"), default=10)
    notices_stale_days = models.PositiveSmallIntegerField(_("stale after (days)"), default=30)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(merged_on__isnull=False),
                name="province_merged_on_date",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget(self.pk)

    @property
    def committee(self):
        """ "Tỉnh ủy Khánh Hòa", "Thành ủy Hà Nội": the Party committee above the Ban."""
        return f"{'Thành ủy' if self.kind == self.Kind.CITY else 'Tỉnh ủy'} {self.name}"

    @property
    def recipient_list(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def recipient_address_map(self):
        pairs = (line.split("=", 1) for line in self.recipient_addresses.splitlines() if "=" in line)
        return {name.strip(): address.strip() for name, address in pairs if name.strip() and address.strip()}

    def current_successor(self):
        """The province that carries this one's work today (itself when it was not merged)."""
        province, seen = self, {self.pk}
        while province.successor_id and province.successor_id not in seen:
            seen.add(province.successor_id)
            province = province.successor
        return province


def current_province():
    """The Province of the current scope when it is one province (a request of its people, its
    jobs, a command for it); None for the central Ban's scope of every province."""
    from khoagiao.scoping import current_province_id

    province = current_province_id()
    return Province.objects.filter(pk=province).first() if province is not None else None


# The days a province's jobs and pages count with, read on every page (the stale-task filter):
# cached per province, forgotten when the record is saved.
DAYS = (
    "reminder_days",
    "notices_before_days",
    "notices_head_after_days",
    "notices_ban_after_days",
    "notices_stale_days",
)


def days(name):
    """A day count of the current province's record; the installation's setting (NOTICES_STALE_DAYS
    for notices_stale_days, ...) when the scope is not one province (the central Ban)."""
    from khoagiao.scoping import current_province_id

    province = current_province_id()
    values = cache.get(f"province-days:{province}") if province is not None else None
    if province is not None and values is None:
        values = Province.objects.filter(pk=province).values(*DAYS).first()
        cache.set(f"province-days:{province}", values, 3600)
    if values:
        return values[name]
    return getattr(settings, "REPORTS_REMINDER_DAYS" if name == "reminder_days" else name.upper())


def forget(province_id):
    cache.delete_many([f"province-name:{province_id}", f"province-days:{province_id}"])
