"""Pages of the coordination programmes (chương trình phối hợp theo Quy chế 238-QĐ/TW)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.audit import DEFAULT_EXCLUDED, history_entries, merge_entries
from khoagiao.files import private_file_response
from khoagiao.forms import conflict_initial
from khoagiao.locking import Conflict
from khoagiao.uploads import attach_page
from organizations.access import page

from .filters import AgreementFilter
from .forms import AgreementForm, ItemFormSet, ReviewForm, item_initial, province_units
from .models import AgreementAttachment, AgreementItem, AgreementReview, CoordinationAgreement
from .services import (
    AGREEMENT_FIELDS,
    agreement_attach,
    agreement_create,
    agreement_review_create,
    agreement_review_update,
    agreement_update,
)

PAGE_SIZE = 20
# An item's or a review's history is shown on its programme's page: no need to name the programme.
WITHIN_AGREEMENT = DEFAULT_EXCLUDED | {"agreement"}


@page()
def index(request):
    visible = CoordinationAgreement.objects.visible_to(request.user)
    agreement_filter = AgreementFilter(request.GET or None, queryset=visible)
    agreements = (
        agreement_filter.qs.select_related("basis", "ban")
        .prefetch_related("partners")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-starts_on", "title")
    )
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "agreements/list.html",
        {
            "filter": agreement_filter,
            "page_obj": page,
            "agreements": page.object_list,
            "query_string": query.urlencode(),
            "can_edit": request.user.can_edit,
        },
    )


def _items_with_tasks(agreement, user, today):
    # assignments is downstream of agreements: reached lazily, inside the function.
    from assignments.models import Task

    tasks = Task.objects.visible_to(user).with_bucket(today).select_related("lead").order_by("due_on", "id")
    return agreement.items.select_related("lead").prefetch_related(
        "cooperating", Prefetch("tasks", queryset=tasks, to_attr="visible_tasks")
    )


def _audit(agreement):
    def item_subject(record):
        return _("Item %(order)s") % {"order": record.order}

    def review_subject(record):
        return _("Review %(period)s") % {"period": record.period.label if record.period else ""}

    return merge_entries(
        history_entries(agreement.history.all()),
        history_entries(
            AgreementItem.history.filter(agreement_id=agreement.pk),
            subject=item_subject,
            excluded=WITHIN_AGREEMENT,
        ),
        history_entries(
            AgreementReview.history.filter(agreement_id=agreement.pk),
            subject=review_subject,
            excluded=WITHIN_AGREEMENT,
        ),
    )


@page(lambda: CoordinationAgreement.objects.select_related("basis", "ban", "created_by"))
def detail(request, agreement):
    """A programme with its items, each item's tasks (those the user may see) and their progress,
    its yearly reviews, files, the meetings that dealt with it and its history."""
    from assignments.models import PROGRESS_RULE  # downstream apps: lazily
    from meetings.models import Meeting

    today = timezone.localdate()
    items = list(_items_with_tasks(agreement, request.user, today))
    all_tasks = [task for item in items for task in item.visible_tasks]
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "partners": agreement.partners.all(),
            "items": items,
            "task_count": len(all_tasks),
            "reviews": agreement.reviews.all(),
            "files": agreement.attachments.select_related("uploaded_by"),
            "meetings": Meeting.objects.visible_to(request.user)
            .filter(agreement=agreement)
            .order_by("-starts_at"),
            "history": _audit(agreement),
            "can_edit": request.user.can_edit,
            "progress_rule": PROGRESS_RULE,
        },
    )


def _save(request, agreement=None):
    """Create or edit a programme with its items (a formset that works without JavaScript)."""
    user = request.user
    current = []
    if agreement is not None:
        current = [agreement.ban, *agreement.partners.all()]
        for item in agreement.items.select_related("lead").prefetch_related("cooperating"):
            current += [item.lead, *item.cooperating.all()]
    units = province_units(*current)
    conflict = None
    if request.method == "POST":
        form = AgreementForm(request.POST, user=user, agreement=agreement)
        items = ItemFormSet(request.POST, prefix="items", form_kwargs={"units": units})
        if form.is_valid() and items.is_valid():
            data = form.cleaned_data
            values = {name: data[name] for name in AGREEMENT_FIELDS}
            try:
                if agreement is None:
                    saved = agreement_create(
                        by=user, partners=list(data["partners"]), items=items.items(), **values
                    )
                else:
                    saved = agreement_update(
                        agreement=agreement,
                        by=user,
                        version=data.get("version"),
                        partners=list(data["partners"]),
                        items=items.items(),
                        **values,
                    )
            except Conflict as exc:
                conflict = exc
                form = AgreementForm(
                    initial=conflict_initial(form, request.POST, exc), user=user, agreement=agreement
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The coordination programme was saved."))
                return redirect("agreements:detail", pk=saved.pk)
    else:
        if agreement is None:
            form = AgreementForm(user=user, initial={"status": CoordinationAgreement.Status.IN_EFFECT})
            items = ItemFormSet(prefix="items", form_kwargs={"units": units})
        else:
            initial = {name: getattr(agreement, name) for name in AGREEMENT_FIELDS}
            initial.update(partners=list(agreement.partners.all()), version=agreement.version)
            form = AgreementForm(user=user, agreement=agreement, initial=initial)
            items = ItemFormSet(prefix="items", initial=item_initial(agreement), form_kwargs={"units": units})
    return render(
        request,
        "agreements/form.html",
        {"form": form, "items": items, "agreement": agreement, "conflict": conflict},
    )


@page(methods=("GET", "POST"), action="agreement.create")
def create(request):
    return _save(request)


@page(CoordinationAgreement, methods=("GET", "POST"), action="agreement.update")
def edit(request, agreement):
    return _save(request, agreement)


def _review(request, agreement, review=None):
    if request.method == "POST":
        form = ReviewForm(request.POST, agreement=agreement)
        if form.is_valid():
            data = form.cleaned_data
            values = {name: data[name] for name in ("period", "reviewed_on", "result", "reviewed_in")}
            try:
                if review is None:
                    agreement_review_create(agreement=agreement, by=request.user, **values)
                else:
                    agreement_review_update(review=review, by=request.user, **values)
            except ValidationError as exc:
                form.add_error("period", exc)
            else:
                messages.success(request, _("The review was saved."))
                return redirect("agreements:detail", pk=agreement.pk)
    else:
        initial = {}
        if review is not None:
            initial = {
                "period": str(review.period),
                "reviewed_on": review.reviewed_on,
                "result": review.result,
                "reviewed_in": review.reviewed_in,
            }
        form = ReviewForm(agreement=agreement, initial=initial)
    return render(
        request, "agreements/review_form.html", {"form": form, "agreement": agreement, "review": review}
    )


@page(CoordinationAgreement, methods=("GET", "POST"), action="agreement_review.create")
def review_add(request, agreement):
    return _review(request, agreement)


@page(
    lambda: AgreementReview.objects.select_related("agreement"),
    methods=("GET", "POST"),
    action="agreement_review.update",
)
def review_edit(request, review):
    return _review(request, review.agreement, review)


@page(CoordinationAgreement, methods=("GET", "POST"), action="agreement.attach")
def attach(request, agreement):
    return attach_page(
        request,
        attach=partial(agreement_attach, agreement=agreement, by=request.user),
        template="agreements/attach.html",
        context={"agreement": agreement},
        done=reverse("agreements:detail", kwargs={"pk": agreement.pk}),
    )


@page(AgreementAttachment)
def attachment(request, item):
    """Download through a permission check: another unit's file is 404, like a missing one."""
    return private_file_response(item.file, item.original_name, item.content_type)
