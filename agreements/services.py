"""Operations on coordination programmes (chương trình phối hợp): saving one with its content items,
its yearly reviews and its attachments. Views, the admin and the demo data call these.

A programme carries a version like a task: an edit prepared against an older version is refused
(khoagiao.locking.Conflict) with what changed, and nothing is overwritten."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khoagiao.locking import bump, lock
from khoagiao.text import nfc
from khoagiao.uploads import save_attachments
from organizations.access import service, user_of

from .models import AgreementAttachment, AgreementItem, AgreementReview, CoordinationAgreement

AGREEMENT_FIELDS = (
    "number",
    "title",
    "basis",
    "ban",
    "starts_on",
    "ends_on",
    "signed_on",
    "signed_place",
    "status",
    "summary",
)


def _by(obj, by):
    obj._history_user = user_of(by)
    return obj


def _save_items(agreement, items, by):
    """items: dicts with id (None for a new one), delete, order, content, lead, cooperating,
    timeline. An id that is not one of this programme's items is refused, never re-parented."""
    existing = {item.pk: item for item in agreement.items.all()}
    for data in items:
        pk = data.get("id")
        if pk is not None and pk not in existing:
            raise ValidationError(_("An item of another programme was sent; reload the page and try again."))
        item = existing.get(pk) if pk is not None else None
        if data.get("delete"):
            if item is None:
                continue
            if item.tasks.exists():
                raise ValidationError(
                    _("Item %(order)s has tasks and cannot be removed; cancel or move its tasks first.")
                    % {"order": item.order}
                )
            _by(item, by).delete()
            continue
        if item is None:
            item = AgreementItem(agreement=agreement)
        changed = item.pk is None
        values = {"order": data["order"], "content": data["content"], "lead_id": data["lead"].pk}
        values["timeline"] = data.get("timeline") or ""
        for name, value in values.items():
            if getattr(item, name) != value:
                setattr(item, name, value)
                changed = True
        if changed:
            _by(item, by).save()
        wanted = {org.pk for org in data.get("cooperating", ()) if org.pk != item.lead_id}
        if wanted != set(item.cooperating.values_list("id", flat=True)):
            item.cooperating.set(wanted)


@service("agreement.create")
@transaction.atomic
def agreement_create(*, by, partners, items=(), **fields):
    """A new programme with its partners and content items."""
    return _save(CoordinationAgreement(created_by=user_of(by)), by, partners, items, fields)


@service("agreement.update", obj="agreement")
@transaction.atomic
def agreement_update(*, agreement, by, version, partners, items=(), **fields):
    """Save an edit made on `version` (khoagiao.locking.Conflict if the programme moved on)."""
    agreement = lock(CoordinationAgreement, agreement.pk, version=version)
    bump(agreement)
    return _save(agreement, by, partners, items, fields)


def _save(agreement, by, partners, items, fields):
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(agreement, name, value)
    if agreement.ends_on < agreement.starts_on:
        raise ValidationError(_("The programme cannot end before it starts."))
    _by(agreement, by).save()
    wanted = {org.pk for org in partners}
    if not wanted:
        raise ValidationError(_("Choose at least one partner organisation."))
    if wanted != set(agreement.partners.values_list("id", flat=True)):
        agreement.partners.set(wanted)
    _save_items(agreement, items, by)
    return agreement


@service("agreement_review.create", obj="agreement")
@transaction.atomic
def agreement_review_create(*, agreement, by, period, result, reviewed_on=None, reviewed_in=""):
    """A yearly (or periodic) review: one per programme and period."""
    agreement = lock(CoordinationAgreement, agreement.pk)
    return _save_review(AgreementReview(agreement=agreement), by, period, result, reviewed_on, reviewed_in)


@service("agreement_review.update", obj="review")
@transaction.atomic
def agreement_review_update(*, review, by, period, result, reviewed_on=None, reviewed_in=""):
    lock(CoordinationAgreement, review.agreement_id)
    review = AgreementReview.objects.get(pk=review.pk)
    return _save_review(review, by, period, result, reviewed_on, reviewed_in)


def _save_review(review, by, period, result, reviewed_on, reviewed_in):
    clash = AgreementReview.objects.filter(agreement_id=review.agreement_id, period=period)
    if review.pk is not None:
        clash = clash.exclude(pk=review.pk)
    if clash.exists():
        raise ValidationError(
            _("This programme already has a review for %(period)s.") % {"period": period.label}
        )
    review.period = period
    review.result = nfc(result)
    review.reviewed_on = reviewed_on
    review.reviewed_in = nfc(reviewed_in) or ""
    _by(review, by).save()
    return review


@service("agreement.attach", obj="agreement")
@transaction.atomic
def agreement_attach(*, agreement, by, files, description=""):
    agreement = lock(CoordinationAgreement, agreement.pk)
    files = list(files)
    if not files:
        raise ValidationError(_("Choose at least one file."))
    return save_attachments(
        AgreementAttachment, files, by=by, agreement=agreement, description=nfc(description) or ""
    )
