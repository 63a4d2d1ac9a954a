"""Organisations (đơn vị) with their history, the khoa giáo fields, and the portal's users."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.models import HistoricalRecords

from khoagiao.scoping import province_field, scoped_manager
from khoagiao.text import fold, nfc

from .access import ReferenceQuerySet, VisibleQuerySet, sees_everything
from .provinces import Province
from .roles import EDITORS, LIAISON_NOMINATORS, READERS, STRENGTH, UNIT_ROLES, Role

__all__ = ["Province", "Role"]  # re-exported: part of the user model's vocabulary


class OrganizationQuerySet(ReferenceQuerySet):
    def active_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def khoi_members(self, day=None):
        """Members of the Khối Khoa giáo on a given day (invited to giao ban, asked for reports)."""
        day = day or timezone.localdate()
        memberships = KhoiMembership.objects.active_on(day)
        return self.filter(id__in=memberships.values("organization_id"))

    def search(self, text):
        return self.filter(search_text__contains=fold(text)) if text else self


class Organization(models.Model):
    """An đơn vị: a Party body, a ban, a sở, a hội... Renames and mergers create a new row and
    an OrganizationChange linking old to new, so documents keep the name printed on them."""

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Party committee")  # Tỉnh ủy, BCH TW, Bộ Chính trị
        PARTY_BOARD = "party_board", _("Party board")  # Ban Tuyên giáo (và Dân vận), Văn phòng
        DEPARTMENT = "department", _("Department (sở) or state agency")
        ASSOCIATION = "association", _("Association (hội) or mass organisation")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Central")
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune")

    # Empty for the central bodies (Bộ Chính trị, Ban Bí thư, ...), which every province shares.
    province = province_field(null=True, blank=True, related_name="organizations")
    # A stable key for spreadsheets and demo data ("so-gddt"); names change, codes do not. Unique
    # in its province (and among the central bodies).
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    # The issuer symbol printed after the slash in document numbers ("BTGTU", "TU", "BTGDVTU").
    symbol = models.CharField(_("symbol"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    # How the unit is named in the header block of its documents ("Ban Tuyên giáo và Dân vận"
    # under "Tỉnh ủy Khánh Hòa"); blank means the full name.
    heading = models.CharField(_("heading in documents"), max_length=255, blank=True)
    # Where the seat is, as written in the place-and-date line of documents ("Nha Trang").
    place_name = models.CharField(_("place name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    search_text = models.TextField(editable=False, default="")
    # Moved by the database on every change of the unit or of its reorganisations (khoagiao.stamps).
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = scoped_manager(OrganizationQuerySet, shared=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["updated_at", "id"], name="organization_updated_at")]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="organization_code_in_province"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(province__isnull=True), name="organization_code_central"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="organization_valid_range",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The central bodies are every province's, whoever records them.
        if self.level == self.Level.CENTRAL:
            self.province = None
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.search_text = fold(f"{self.name} {self.short_name} {self.symbol}")
        super().save(*args, **kwargs)

    @property
    def document_heading(self):
        return self.heading or self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    def is_active_on(self, day=None):
        day = day or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def successors(self):
        """Organisations that carry on this one (merger, rename, split, absorption). A transfer of
        some functions to another unit is not succession (see `function_recipients`)."""
        changes = self.changes.exclude(kind=OrganizationChange.Kind.TRANSFER)
        return Organization.objects.filter(became_from__in=changes).distinct()

    @property
    def function_recipients(self):
        changes = self.changes.filter(kind=OrganizationChange.Kind.TRANSFER)
        return Organization.objects.filter(became_from__in=changes).distinct()

    @property
    def predecessors(self):
        return Organization.objects.filter(
            changes__in=self.became_from.exclude(kind=OrganizationChange.Kind.TRANSFER)
        ).distinct()

    def current_successor(self, day=None):
        """Follow the chain of changes to the organisation that carries this one's work today."""
        org, seen = self, {self.pk}
        while not org.is_active_on(day):
            nxt = org.successors.order_by("-valid_from").first()
            if nxt is None or nxt.pk in seen:
                return None
            org = nxt
            seen.add(org.pk)
        return org


class OrganizationChange(models.Model):
    """A merger, rename, split or dissolution, with the decision that made it (983-QĐ/TU...)."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Merger")
        RENAME = "rename", _("Rename")
        SPLIT = "split", _("Split")
        ABSORB = "absorb", _("Absorption")
        TRANSFER = "transfer", _("Transfer of functions")
        DISSOLVE = "dissolve", _("Dissolution")

    # Empty for a change of central bodies.
    province = province_field(null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    effective_on = models.DateField(_("effective on"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    predecessors = models.ManyToManyField(Organization, verbose_name=_("before"), related_name="changes")
    successors = models.ManyToManyField(
        Organization, verbose_name=_("after"), related_name="became_from", blank=True
    )

    objects = scoped_manager(ReferenceQuerySet, shared=True)
    history = HistoricalRecords(m2m_fields=[predecessors, successors])

    class Meta:
        verbose_name = _("organisation change")
        verbose_name_plural = _("organisation changes")
        ordering = ["-effective_on"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class Field(models.Model):
    """A lĩnh vực khoa giáo (128-HD/BTGTW lists nine); `since`/`until` version the list by year."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    since_year = models.PositiveSmallIntegerField(_("used since"), null=True, blank=True)
    until_year = models.PositiveSmallIntegerField(_("used until"), null=True, blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class KhoiMembershipQuerySet(ReferenceQuerySet):
    def active_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class KhoiMembership(models.Model):
    """An organisation's membership of the Khối Khoa giáo for a span of time, with its fields."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="khoi_memberships",
    )
    valid_from = models.DateField(_("member from"))
    valid_to = models.DateField(_("member until"), null=True, blank=True)
    fields = models.ManyToManyField(Field, verbose_name=_("fields"), blank=True)

    objects = scoped_manager(KhoiMembershipQuerySet, path="organization__province")

    class Meta:
        verbose_name = _("Khối Khoa giáo membership")
        verbose_name_plural = _("Khối Khoa giáo memberships")
        ordering = ["organization__name", "valid_from"]

    def __str__(self):
        return f"{self.organization} ({self.valid_from:%d/%m/%Y})"


class PortalUserManager(UserManager):
    def with_role(self, role):
        return self.in_scope().filter(groups__name=role, is_active=True)

    def liaisons_of(self, organization):
        """A unit's liaisons now: its active accounts with the liaison role (a unit may have several)."""
        return self.filter(
            organization=organization, groups__name=Role.LIAISON.value, is_active=True
        ).order_by("last_name", "first_name", "username")

    def in_scope(self):
        """The users of the current scope's province(s); raises outside any scope."""
        from khoagiao.scoping import _OUTSIDE, ScopeError, _filter

        condition = _filter("province", shared=False)
        if condition is False:
            raise ScopeError(f"users: {_OUTSIDE}")
        return self.all() if condition is None else self.filter(condition)


class User(AbstractUser):
    """A person who signs in. The role is the Django group (admin, staff, leader, liaison);
    a liaison belongs to exactly one organisation (validated in the admin's user form).

    Users are not a scoped model: signing in finds a user before any province is known. Every
    list of users is `User.objects.in_scope()` (the admin's, the notices' recipients)."""

    # The province whose Ban the user works in; empty only for the central Ban's role.
    province = province_field(null=True, blank=True, related_name="users")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Lãnh đạo phụ trách lĩnh vực: the fields a leader of the Ban is in charge of (a leader's
    # setting only: organizations.services.user_check). The last step of a task's reminder ladder
    # tells the leaders in charge of its field (notices.services.People.leaders_for). Users belong
    # to one province and the fields are the national list, so this stays the province's own.
    fields_in_charge = models.ManyToManyField(
        Field,
        verbose_name=_("fields in charge"),
        blank=True,
        related_name="leaders_in_charge",
        help_text=_(
            "For a leader of the Ban only: the fields they are in charge of. A task of these fields "
            "still overdue at the last step of the reminder ladder is escalated to them; when no "
            "leader is in charge of a task's field, every leader is told."
        ),
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    @cached_property
    def roles(self):
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def role(self):
        """The user's role, the strongest one if several groups were given by mistake."""
        if self.is_superuser:
            return Role.ADMIN
        for role in STRENGTH:
            if role.value in self.roles:
                return role
        return None

    def get_full_name(self):
        # Vietnamese order: family name first ("Trần Văn Hùng"), not Django's "first last".
        return " ".join(part for part in (self.last_name.strip(), self.first_name.strip()) if part)

    def get_short_name(self):
        # The given name is how colleagues are addressed ("anh Hùng").
        return self.first_name.strip() or self.username

    def has_role(self, *roles):
        return self.is_active and self.role in roles

    # Derived from the role sets of organizations/roles.py, for templates and small checks; what a
    # user may see and do is decided by organizations/access.py.
    @property
    def is_liaison(self):
        return self.is_active and self.role in UNIT_ROLES

    @property
    def sees_everything(self):
        """Staff, leaders, admins and the central Ban see every unit's data (of the provinces of
        their scope); liaisons only their own. As organizations.access.sees_everything says."""
        return self.has_role(*READERS)

    @property
    def can_edit(self):
        """Staff (and admins) change records; leaders read and approve; liaisons post progress."""
        return self.has_role(*EDITORS)


class AuthenticatorDevice(TOTPDevice):
    """An admin's authenticator app (khoagiao/two_factor.py), as the admin lists it: django-otp's
    own model, whose names are English and not marked for translation, under a Vietnamese one."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")


class AuthenticatorEnrolment(models.Model):
    """A one-time code with which an admin sets up an authenticator app (organizations/enrolment.py).

    Whoever first knows a new admin's password must not own the second factor: the code is
    issued by another admin (or `manage.py authenticator_code`) and handed over in person. Only
    its hash is kept; it expires after minutes, and wrong guesses void it."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="authenticator_enrolments"
    )
    code_hash = models.CharField(max_length=255, editable=False)
    # Empty when issued on the server (manage.py).
    issued_by = models.ForeignKey(
        User,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)

    class Meta:
        verbose_name = _("authenticator set-up code")
        verbose_name_plural = _("authenticator set-up codes")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} ({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"


class PasswordLinkRequest(models.Model):
    """One "Quên mật khẩu?" request as typed, whether or not an account has the e-mail: what the
    rate limit counts (organizations/passwords.py), per e-mail and per client address within the
    sign-in lockout's cool-off, as django-axes counts failed sign-ins. Rows older than that are
    deleted as new ones come."""

    email = models.CharField(_("e-mail"), max_length=254)
    address = models.CharField(_("address"), max_length=45, blank=True)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        verbose_name = _("request for a password link")
        verbose_name_plural = _("requests for a password link")
        ordering = ["-asked_at"]
        indexes = [
            models.Index(fields=["email", "asked_at"], name="password_link_email"),
            models.Index(fields=["address", "asked_at"], name="password_link_address"),
        ]

    def __str__(self):
        return f"{self.email} ({self.address})"


class OrganizationAlias(models.Model):
    """Another name an organisation is written under in the lists units keep ("BCH TW", "Trung
    ương", the older name of a merged body): the directive import matches it like the name."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("other name"), max_length=255)
    # fold(name): the import compares folded names (no accents, no case, NFC or NFD alike).
    folded = models.CharField(max_length=255, editable=False, db_index=True)

    objects = scoped_manager(models.QuerySet, path="organization__province", shared=True)

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names (for imports)")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "folded"], name="organization_alias_once"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.folded = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.folded = fold(nfc(self.name))
        same = OrganizationAlias.objects.filter(organization_id=self.organization_id, folded=self.folded)
        if self.organization_id and same.exclude(pk=self.pk).exists():
            raise ValidationError({"name": _("This organisation already has this other name.")})


class LiaisonRequestQuerySet(VisibleQuerySet):
    """A unit's requests about its liaisons are its head's and the Ban's: a liaison does not read
    the requests that name or withdraw it and its colleagues."""

    def visible_to(self, viewer):
        if not sees_everything(viewer) and getattr(viewer, "role", None) not in LIAISON_NOMINATORS:
            return self.none()
        return super().visible_to(viewer)

    def of_unit(self, unit_id):
        return self.filter(organization_id=unit_id)

    def pending(self):
        return self.filter(status=LiaisonRequest.Status.PENDING)


class LiaisonRequest(models.Model):
    """A unit head's request to name a liaison (cán bộ đầu mối) of its unit or to withdraw one; an
    admin of the province confirms or refuses it (organizations.services). Confirming an addition
    makes the liaison's account, or gives the role to the unit's existing account named by its
    e-mail; confirming a withdrawal deactivates the account, whose row stays with its unit and its
    history. The request itself is the record of who asked, who decided, when and why."""

    class Kind(models.TextChoices):
        ADD = "add", _("Name a liaison")
        WITHDRAW = "withdraw", _("Withdraw a liaison")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting an administrator")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")

    organization = models.ForeignKey(
        Organization, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="liaison_requests"
    )
    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    # The person to name, as the head wrote them (an addition).
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The account concerned: the liaison to withdraw, the unit's existing account to name, or the
    # account made when an addition was confirmed.
    person = models.ForeignKey(
        User, verbose_name=_("account"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note from the unit head"), blank=True)
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)

    objects = scoped_manager(LiaisonRequestQuerySet, path="organization__province")

    class Meta:
        verbose_name = _("liaison request")
        verbose_name_plural = _("liaison requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One pending request about a person at a time, even when two are sent at once.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="pending", person__isnull=False),
                name="liaison_request_pending_person",
            ),
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=Q(status="pending") & ~Q(email=""),
                name="liaison_request_pending_email",
            ),
            models.CheckConstraint(
                condition=~Q(kind="withdraw") | Q(person__isnull=False),
                name="liaison_request_withdraw_names_a_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="liaison_request_refusal_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person_name} ({self.organization})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("organizations:liaisons", kwargs={"pk": self.organization_id})

    @property
    def person_name(self):
        if self.person_id and self.person.get_full_name():
            return self.person.get_full_name()
        return self.full_name or (self.person.username if self.person_id else "")
