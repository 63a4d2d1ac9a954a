"""Pages of the coordination programmes (chương trình phối hợp theo Quy chế 238-QĐ/TW)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from khoagiao.audit import DEFAULT_EXCLUDED, history_entries, merge_entries
from khoagiao.files import private_file_response
from khoagiao.permissions import EDITORS, check_role, get_visible_or_404, role_required

from .filters import AgreementFilter
from .forms import AgreementForm, AttachForm, ItemFormSet, ReviewForm, item_initial, province_units
from .models import AgreementAttachment, AgreementItem, AgreementReview, CoordinationAgreement
from .services import (
    AGREEMENT_FIELDS,
    AgreementConflict,
    agreement_attach,
    agreement_review_save,
    agreement_save,
)

PAGE_SIZE = 20
# An item's or a review's history is shown on its programme's page: no need to name the programme.
WITHIN_AGREEMENT = DEFAULT_EXCLUDED | {"agreement"}


def _get_only(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


@require_GET
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


def detail(request, pk):
    """A programme with its items, each item's tasks (those the user may see) and their progress,
    its yearly reviews, files, the meetings that dealt with it and its history."""
    agreement = get_visible_or_404(
        CoordinationAgreement.objects.select_related("basis", "ban", "created_by"), request.user, pk=pk
    )
    refused = _get_only(request)
    if refused:
        return refused
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
            try:
                saved = agreement_save(
                    by=user,
                    agreement_id=agreement.pk if agreement else None,
                    version=data.get("version"),
                    partners=list(data["partners"]),
                    items=items.items(),
                    **{name: data[name] for name in AGREEMENT_FIELDS},
                )
            except AgreementConflict as exc:
                conflict = exc
                initial = {
                    name: request.POST.getlist(name)
                    if getattr(field.widget, "allow_multiple_selected", False)
                    else request.POST.get(name)
                    for name, field in form.fields.items()
                    if name in request.POST or getattr(field.widget, "allow_multiple_selected", False)
                }
                initial["version"] = exc.agreement.version
                form = AgreementForm(initial=initial, user=user, agreement=agreement)
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


@role_required(*EDITORS)
def create(request):
    return _save(request)


def edit(request, pk):
    agreement = get_visible_or_404(CoordinationAgreement, request.user, pk=pk)
    check_role(request.user, EDITORS)
    return _save(request, agreement)


def _review(request, agreement, review=None):
    if request.method == "POST":
        form = ReviewForm(request.POST, agreement=agreement)
        if form.is_valid():
            data = form.cleaned_data
            try:
                agreement_review_save(
                    by=request.user,
                    agreement_id=agreement.pk,
                    review_id=review.pk if review else None,
                    period=data["period"],
                    reviewed_on=data["reviewed_on"],
                    result=data["result"],
                    reviewed_in=data["reviewed_in"],
                )
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


def review_add(request, pk):
    agreement = get_visible_or_404(CoordinationAgreement, request.user, pk=pk)
    check_role(request.user, EDITORS)
    return _review(request, agreement)


def review_edit(request, pk):
    review = get_object_or_404(
        AgreementReview.objects.filter(agreement__in=CoordinationAgreement.objects.visible_to(request.user)),
        pk=pk,
    )
    check_role(request.user, EDITORS)
    return _review(request, review.agreement, review)


def attach(request, pk):
    agreement = get_visible_or_404(CoordinationAgreement, request.user, pk=pk)
    check_role(request.user, EDITORS)
    if request.method == "POST":
        form = AttachForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                agreement_attach(
                    agreement_id=agreement.pk,
                    by=request.user,
                    files=form.cleaned_data["files"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The files were attached."))
                return redirect("agreements:detail", pk=agreement.pk)
    else:
        form = AttachForm()
    return render(request, "agreements/attach.html", {"form": form, "agreement": agreement})


def attachment(request, pk):
    """Download through a permission check: another unit's file is 404, like a missing one."""
    item = get_visible_or_404(AgreementAttachment, request.user, pk=pk)
    refused = _get_only(request)
    if refused:
        return refused
    return private_file_response(item.file, item.original_name, item.content_type)
