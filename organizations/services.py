"""Changes to the reference data the admin keeps: units, their reorganisations, the khoa giáo
fields, the Khối's membership and the users' roles. The admin's pages call these (their forms run
the same checks to show the reason on the field), as a command or a data import would. And a unit
head's requests about its unit's liaisons, which an admin of the province confirms or refuses."""

import re

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.text import fold, nfc

from . import passwords
from .access import service, user_of
from .models import LiaisonRequest, User
from .roles import Role


def _with_history(obj, by):
    obj._history_user = user_of(by)
    return obj


def organization_check(organization):
    """A unit does not end before it starts and is not its own parent, directly or through others."""
    if organization.valid_from and organization.valid_to and organization.valid_to < organization.valid_from:
        raise ValidationError({"valid_to": _("A unit cannot end before it starts.")})
    parent, seen = organization.parent, {organization.pk}
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
        seen.add(parent.pk)
        parent = parent.parent


@service("organization.manage")
@transaction.atomic
def organization_save(*, by, organization):
    organization_check(organization)
    _with_history(organization, by).save()
    return organization


@service("organization.manage")
@transaction.atomic
def organization_delete(*, by, organization):
    _with_history(organization, by).delete()


def membership_check(membership):
    if membership.valid_to and membership.valid_from and membership.valid_to < membership.valid_from:
        raise ValidationError({"valid_to": _("A membership cannot end before it starts.")})


@service("organization.manage")
@transaction.atomic
def membership_save(*, by, membership):
    membership_check(membership)
    membership.save()
    return membership


@service("organization.manage")
@transaction.atomic
def membership_delete(*, by, membership):
    membership.delete()


@service("organization.manage")
@transaction.atomic
def alias_save(*, by, alias):
    """Another name of an organisation for the directive import (organizations/aliases.py)."""
    alias.save()
    return alias


@service("organization.manage")
@transaction.atomic
def alias_delete(*, by, alias):
    alias.delete()


def change_check(predecessors, successors):
    """A merger, rename or split leads from some units to others, never from a unit to itself."""
    both = {org.pk for org in predecessors} & {org.pk for org in successors}
    if both:
        raise ValidationError({"successors": _("A unit cannot be both before and after the same change.")})
    if not predecessors:
        raise ValidationError({"predecessors": _("Name the unit or units before the change.")})


@service("organization.manage")
@transaction.atomic
def organization_change_save(*, by, change, predecessors, successors):
    change_check(predecessors, successors)
    _with_history(change, by).save()
    change.predecessors.set(predecessors)
    change.successors.set(successors)
    return change


@service("organization.manage")
@transaction.atomic
def organization_change_delete(*, by, change):
    _with_history(change, by).delete()


def field_check(field):
    if field.since_year and field.until_year and field.until_year < field.since_year:
        raise ValidationError({"until_year": _("A field cannot stop being used before it starts.")})


@service("organization.manage")
@transaction.atomic
def field_save(*, by, field):
    field_check(field)
    field.save()
    return field


@service("organization.manage")
@transaction.atomic
def field_delete(*, by, field):
    field.delete()


def user_check(groups, organization, fields_in_charge=()):
    """A user holds exactly one role, a liaison officer belongs to a unit, and only a leader of
    the Ban is in charge of fields (the ladder's last step tells them: notices.services.People)."""
    roles = {group.name for group in groups} & set(Role.values)
    if len(roles) > 1:
        raise ValidationError({"groups": _("A user has exactly one role; choose one of the groups.")})
    if roles & {Role.LIAISON, Role.UNIT_HEAD} and organization is None:
        raise ValidationError({"organization": _("A liaison officer must belong to an organisation.")})
    if fields_in_charge and roles != {Role.LEADER}:
        raise ValidationError(
            {
                "fields_in_charge": _(
                    "Only a leader of the Ban is in charge of fields: give this user the leader role, "
                    "or clear the fields in charge."
                )
            }
        )


@service("organization.manage")
@transaction.atomic
def user_save(*, by, user, groups=None, fields_in_charge=None):
    """Save a user; `groups` (the role) and `fields_in_charge` when given. The role is checked
    against the unit and the fields (those given, else the ones the user has)."""
    has = user.pk is not None
    roles = groups if groups is not None else (list(user.groups.all()) if has else [])
    fields = (
        fields_in_charge
        if fields_in_charge is not None
        else (list(user.fields_in_charge.all()) if has else [])
    )
    user_check(roles, user.organization, fields)
    user.save()
    if groups is not None:
        user.groups.set(groups)
        user.__dict__.pop("roles", None)
    if fields_in_charge is not None:
        user.fields_in_charge.set(fields_in_charge)
    return user


@service("organization.manage")
@transaction.atomic
def user_delete(*, by, user):
    user.delete()


@service("user.invite", obj="user")
@transaction.atomic
def user_invite(*, by, user):
    """An admin sends an account its invitation again (organizations/passwords.py): the same mail
    as when a liaison request is confirmed, with a new link to choose a password. Refused for a
    deactivated account, one without an e-mail or a province, and while an earlier invitation
    still waits in the outbox (a second click queues nothing)."""
    # Two admins, or two clicks, at once: the second waits here and then finds the first's mail.
    user = User.objects.select_for_update().get(pk=user.pk)
    name = user.get_full_name() or user.get_username()
    if not user.is_active:
        raise ValidationError(_("%(user)s is deactivated: activate the account first.") % {"user": name})
    if not user.email:
        raise ValidationError(_("%(user)s has no e-mail address: add one first.") % {"user": name})
    if user.province_id is None:
        raise ValidationError(
            _("%(user)s belongs to no province: the portal mails only a province's accounts.")
            % {"user": name}
        )
    if passwords.invitation_pending(user):
        raise ValidationError(
            _(
                "An invitation to %(user)s is still waiting in the outbox: it goes out when the mail "
                "server takes it."
            )
            % {"user": name}
        )
    passwords.invitation_queue(user=user, by=by)
    return user


def province_check(province):
    """A province is not merged into itself, directly or through its successors, and a merger
    says when it took effect."""
    successor, seen = province.successor, {province.pk}
    while successor is not None:
        if successor.pk in seen:
            raise ValidationError({"successor": _("A province cannot be merged into itself.")})
        seen.add(successor.pk)
        successor = successor.successor
    if province.successor_id and not province.merged_on:
        raise ValidationError({"merged_on": _("Give the date the merger took effect.")})


@service("province.manage", obj="province")
@transaction.atomic
def province_save(*, by, province):
    """A province's record (its documents' signature block and recipients, its report and reminder
    days) is kept by its own admins; a new province only by an admin of no province (the
    installation's own)."""
    if getattr(by, "province_id", None) is not None and province.pk != by.province_id:
        raise PermissionDenied
    province_check(province)
    province.save()
    return province


# --- a unit's liaisons: its head asks, an admin of the province decides ------------------------

_PHONE = re.compile(r"^[0-9+().\s-]*$")


def _already_asked():
    return ValidationError(_("A request about this person is already awaiting an administrator."))


def _account_by_email(organization, email):
    """The province's active account with this e-mail, if any, and whether it may become the
    unit's liaison: an account of the unit (or of no unit) without a role. Anything else is
    refused: a liaison of the unit already, or an account someone else uses."""
    account = (
        User.objects.filter(email__iexact=email, is_active=True, province_id=organization.province_id)
        .order_by("pk")
        .first()
    )
    if account is None:
        return None
    if account.role == Role.LIAISON and account.organization_id == organization.pk:
        raise ValidationError({"email": _("This person is already a liaison of the unit.")})
    if account.role is not None or account.organization_id not in (None, organization.pk):
        raise ValidationError(
            {"email": _("This e-mail belongs to another account of the portal: ask the administrator.")}
        )
    return account


def _filed(request):
    """Save a new request (the database refuses a second pending one about the same person, even
    sent at the same moment) and tell the province's admins."""
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise _already_asked() from exc
    _tell_admins(request)
    return request


@service("liaison.nominate", obj="organization")
@transaction.atomic
def liaison_request_add(*, by, organization, full_name, email, position="", phone="", note=""):
    """The unit head asks for a person to be named a liaison of its unit. The person is written as
    they are (name, position, e-mail, phone); an account of the unit without a role that has this
    e-mail is named instead of a new one."""
    full_name, position, phone = (
        " ".join(nfc(value or "").split()) for value in (full_name, position, phone)
    )
    email = (email or "").strip().lower()
    errors = {}
    if not full_name:
        errors["full_name"] = _("Give the person's full name.")
    if not email:
        errors["email"] = _("Give the person's e-mail address: the account's messages go there.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
    if not _PHONE.match(phone):
        errors["phone"] = _("A phone number has digits, spaces and + ( ) . - only.")
    if errors:
        raise ValidationError(errors)
    account = _account_by_email(organization, email)
    pending = LiaisonRequest.objects.pending().filter(organization=organization)
    if pending.filter(email__iexact=email).exists() or (account and pending.filter(person=account).exists()):
        raise _already_asked()
    request = LiaisonRequest(
        organization=organization,
        kind=LiaisonRequest.Kind.ADD,
        full_name=full_name,
        position=position,
        email=email,
        phone=phone,
        person=account,
        note=nfc(note or ""),
        requested_by=by,
    )
    request.clean_fields(exclude=["person", "requested_by", "decided_by"])
    return _filed(request)


@service("liaison.nominate", obj="organization")
@transaction.atomic
def liaison_request_withdraw(*, by, organization, person, note=""):
    """The unit head asks for one of its unit's liaisons to be withdrawn."""
    if person is None or not User.objects.liaisons_of(organization).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Choose one of the unit's current liaisons.")})
    if LiaisonRequest.objects.pending().filter(person=person).exists():
        raise _already_asked()
    request = LiaisonRequest(
        organization=organization,
        kind=LiaisonRequest.Kind.WITHDRAW,
        person=person,
        note=nfc(note or ""),
        requested_by=by,
    )
    return _filed(request)


def _locked(liaison_request):
    return (
        LiaisonRequest.objects.select_for_update().select_related("organization").get(pk=liaison_request.pk)
    )


def _free_username(email):
    base = re.sub(r"[^a-z0-9._-]", "", fold(email.split("@")[0]))[:140] or "daumoi"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def _nameable(request):
    """The account an addition names, as things stand now: the one named when it was sent, else
    the unit's account that has the e-mail since, else None (a new one is made). Raises when the
    account has changed so that it may not become the liaison."""
    unit = request.organization
    person = request.person
    if person is None:
        return _account_by_email(unit, request.email)
    if not person.is_active or person.role is not None or person.organization_id not in (None, unit.pk):
        raise ValidationError(
            _("The account named in this request has changed since: refuse it with the reason.")
        )
    return person


def _name(by, request):
    """The liaison's account: the one named, or a new one without a usable password in the unit
    and its province, whose invitation lets the person choose one."""
    unit = request.organization
    person = _nameable(request)
    if person is None:
        *family, given = request.full_name.split()
        person = User(
            username=_free_username(request.email),
            first_name=given,
            last_name=" ".join(family),
            email=request.email,
            province_id=unit.province_id,
        )
        person.set_unusable_password()
    person.organization = unit
    person.position = person.position or request.position
    person.phone = person.phone or request.phone
    user_save(by=by, user=person, groups=[Group.objects.get_or_create(name=Role.LIAISON.value)[0]])
    request.person = person
    # The person chooses a password from the invitation's link (queued in this transaction).
    passwords.invitation_on_confirm(user=person, by=by, liaison_request=request)


def _withdraw(by, request):
    """The account is deactivated, never deleted: its row keeps its unit, and the request says
    who asked and who decided. Already gone (deactivated, moved): nothing more to do."""
    person = request.person
    if person.is_active and person.organization_id == request.organization_id and person.role == Role.LIAISON:
        person.is_active = False
        user_save(by=by, user=person)


@service("liaison_request.decide", obj="liaison_request")
@transaction.atomic
def liaison_request_confirm(*, by, liaison_request):
    """An admin of the province confirms: the liaison is named (or withdrawn) and the unit head is
    told. Confirming a confirmed request does nothing; a refused one stays refused."""
    request = _locked(liaison_request)
    if request.status == LiaisonRequest.Status.CONFIRMED:
        return request
    if request.status == LiaisonRequest.Status.REFUSED:
        raise ValidationError(_("This request was refused; the unit head may send a new one."))
    if request.kind == LiaisonRequest.Kind.ADD:
        _name(by, request)
    else:
        _withdraw(by, request)
    request.status = LiaisonRequest.Status.CONFIRMED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save()
    _tell_head(request)
    return request


def decision_check(*, liaison_request, decision, reason):
    """What the decision services would refuse, without writing (the admin's form runs it to show
    the reason on the form): a refusal says why (the unit head reads it), a decided request is
    not decided otherwise, and an addition still names an account that may become the liaison."""
    if decision == LiaisonRequest.Status.REFUSED and not (reason or "").strip():
        raise ValidationError(
            {"refusal_reason": _("Give the reason for the refusal: the unit head reads it.")}
        )
    status = liaison_request.status
    if status != LiaisonRequest.Status.PENDING and status != decision:
        raise ValidationError(_("This request has already been decided."))
    if (
        decision == LiaisonRequest.Status.CONFIRMED
        and status == LiaisonRequest.Status.PENDING
        and liaison_request.kind == LiaisonRequest.Kind.ADD
    ):
        _nameable(liaison_request)


@service("liaison_request.decide", obj="liaison_request")
@transaction.atomic
def liaison_request_refuse(*, by, liaison_request, reason):
    """An admin of the province refuses, with the reason the unit head reads. Refusing a refused
    request does nothing; a confirmed one cannot be refused (the unit head asks for a withdrawal)."""
    if not (reason or "").strip():
        raise ValidationError(
            {"refusal_reason": _("Give the reason for the refusal: the unit head reads it.")}
        )
    request = _locked(liaison_request)
    if request.status == LiaisonRequest.Status.REFUSED:
        return request
    if request.status == LiaisonRequest.Status.CONFIRMED:
        raise ValidationError(_("This request has already been confirmed."))
    request.status = LiaisonRequest.Status.REFUSED
    request.refusal_reason = nfc(reason)
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save()
    _tell_head(request)
    return request


def _what(request):
    names = {"name": request.person_name, "unit": request.organization.name}
    if request.kind == LiaisonRequest.Kind.ADD:
        return _("name %(name)s a liaison of %(unit)s") % names
    return _("withdraw %(name)s as a liaison of %(unit)s") % names


def _tell_admins(request):
    """The province's admins are told in the portal (and by mail as each of them chose)."""
    from notices.models import Notice
    from notices.services import _vietnamese, notify

    admins = User.objects.with_role(Role.ADMIN.value).filter(province_id=request.organization.province_id)
    with _vietnamese():
        text = _("A unit head asks to %(what)s") % {"what": _what(request)}
        path = reverse("admin:organizations_liaisonrequest_change", args=[request.pk])
    for admin in admins.order_by("pk"):
        notify(
            recipient=admin,
            kind=Notice.Kind.LIAISON_REQUEST,
            about=request,
            text=text,
            key=f"liaison-request:{request.pk}",
            path=path,
        )


def _tell_head(request):
    from notices.models import Notice
    from notices.services import _vietnamese, notify

    with _vietnamese():
        what = _what(request)
        if request.status == LiaisonRequest.Status.CONFIRMED:
            text = _("Confirmed: %(what)s") % {"what": what}
        else:
            text = _("Refused: %(what)s. Reason: %(reason)s") % {
                "what": what,
                "reason": request.refusal_reason,
            }
    notify(
        recipient=request.requested_by,
        kind=Notice.Kind.LIAISON_DECIDED,
        about=request,
        text=text,
        key=f"liaison-decided:{request.pk}",
    )
