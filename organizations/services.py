"""Changes to the reference data the admin keeps: units, their reorganisations, the khoa giáo
fields, the Khối's membership and the users' roles. The admin's pages call these (their forms run
the same checks to show the reason on the field), as a command or a data import would."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .access import service, user_of
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
