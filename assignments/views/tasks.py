from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import CoordinationAgreement
from caching.pages import cached
from directives.models import Directive
from khoagiao.audit import DEFAULT_EXCLUDED, history_entries, merge_entries
from khoagiao.forms import conflict_initial
from khoagiao.locking import Conflict
from meetings.models import Meeting
from organizations.access import page

from .. import exports
from ..filters import TaskFilter
from ..forms import ReasonForm, TaskCreateForm, TaskEditForm, TaskUpdateForm
from ..models import BUCKET_ORDER, PROGRESS_RULE, TaskUpdate
from ..services import (
    ignored_fields,
    task_cancel,
    task_create_for_leads,
    task_reopen,
    task_report_progress,
    task_update,
    update_role,
)
from .common import task_queryset, tasks

PAGE_SIZE = 25
ADVANCED_FILTERS = ("unit", "unit_role", "source_type", "source", "due_within", "overdue", "sort")
TASK_FIELDS = (
    "title",
    "description",
    "directive",
    "meeting",
    "agreement_item",
    "field",
    "assigned_on",
    "due_on",
)


def _filtered(request, today=None):
    today = today or timezone.localdate()
    return TaskFilter(
        request.GET or None, queryset=task_queryset(request.user, today), user=request.user, today=today
    )


@page()
def index(request):
    """Nhiệm vụ: every task the user may see, filtered, searched and paged."""
    today = timezone.localdate()
    # The list (its tiles, filters, rows and pages) is the same for every viewer of the same
    # audience, with the same query, until a write: rendered once and kept (caching/pages.py), as
    # its 25 rows were two thirds of the page's time under load (issue 16).
    body = cached(
        "task-list",
        request.user,
        sorted(request.GET.lists()),
        lambda: _list_body(request, today),
        today=today,
    )
    return render(request, "assignments/list.html", {"body": body})


def _list_body(request, today):
    task_filter = _filtered(request, today)
    tasks = task_filter.qs
    query = request.GET.copy()
    query.pop("page", None)
    # The tiles count every matching task (a scan of the whole list: 23 ms of SQL at 105,000
    # tasks), the same for the other pages of the same filters: kept apart from the page.
    counts = cached(
        "task-buckets",
        request.user,
        sorted(query.lists()),
        lambda: tasks.bucket_counts(today),
        today=today,
    )
    paginator = Paginator(tasks, PAGE_SIZE)
    # Every task is in exactly one bucket: the tiles' sum is the paginator's count, which would
    # otherwise read all the matching tasks a second time (a whole-table scan on a large list).
    paginator.count = sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
    return render_to_string(
        "assignments/includes/list_body.html",
        {
            "filter": task_filter,
            "page_obj": page,
            "tasks": page.object_list,
            "query_string": query.urlencode(),
            "counts": [(bucket, counts[bucket.value]) for bucket in BUCKET_ORDER],
            "total": sum(counts.values()),
            "can_create": request.user.can_edit,
            "advanced_filters": any(request.GET.get(name) for name in ADVANCED_FILTERS),
        },
        request=request,
    )


@page()
def export(request):
    """The list as a file: exactly the filtered rows the user may see (all pages)."""
    tasks = _filtered(request).qs
    if request.GET.get("format") == "csv":
        return exports.as_csv(tasks)
    return exports.as_xlsx(tasks)


def _source_links(user, task):
    """Each source with a link when the user may open it (a liaison cannot open a classified
    directive: its number is shown without a link)."""
    sources = []
    if task.directive_id:
        visible = Directive.objects.visible_to(user).filter(pk=task.directive_id).exists()
        label = task.directive.number
        if task.directive.title and not task.directive.is_classified:
            label = f"{label} — {task.directive.title}"
        sources.append(
            (
                _("Directive"),
                label,
                reverse("directives:detail", args=[task.directive_id]) if visible else None,
            )
        )
    if task.meeting_id:
        visible = Meeting.objects.visible_to(user).filter(pk=task.meeting_id).exists()
        sources.append(
            (
                _("Meeting"),
                task.meeting.title,
                reverse("meetings:detail", args=[task.meeting_id]) if visible else None,
            )
        )
    if task.agreement_item_id:
        agreement = task.agreement_item.agreement
        visible = CoordinationAgreement.objects.visible_to(user).filter(pk=agreement.pk).exists()
        item = task.agreement_item
        label = f"{agreement.number or agreement.title} — {item.order}. {item.content}"
        sources.append(
            (
                _("Coordination programme"),
                label,
                reverse("agreements:detail", args=[agreement.pk]) if visible else None,
            )
        )
    return sources


def _audit(user, task):
    # The reminders sent about the task read in the same history ("đã nhắc … ngày …"). They are
    # notices, which do not move the data version: read each time, unlike the task's own records.
    from notices.timeline import reminder_entries

    def records():
        return merge_entries(
            history_entries(task.history.all()),
            history_entries(
                TaskUpdate.history.filter(task_id=task.pk),
                excluded=DEFAULT_EXCLUDED | {"task"},
                subject=lambda record: (
                    _("Progress report of %(date)s") % {"date": record.reported_on.strftime("%d/%m/%Y")}
                ),
            ),
        )

    kept = cached("task-history", user, task.pk, records, today=timezone.localdate())
    return merge_entries(reminder_entries(task), kept)


def _detail_context(request, task, update_form=None):
    user = request.user
    role = update_role(user, task)
    if update_form is None and role and not task.is_closed:
        update_form = TaskUpdateForm(role=role, user=user, task=task)
    updates = task.updates.select_related("posted_by__organization", "organization").prefetch_related(
        "attachments"
    )
    return {
        "task": task,
        "progress_rule": PROGRESS_RULE,
        # Called by the template, so only when the kept piece that shows them is built.
        "sources": partial(_source_links, user, task),
        "updates": updates,
        "task_files": task.attachments.filter(update__isnull=True).select_related("uploaded_by"),
        "history": _audit(user, task),
        "role": role,
        "update_form": update_form,
        "can_edit": user.can_edit,
        "reason_form": ReasonForm() if user.can_edit else None,
    }


@page(tasks)
def detail(request, task):
    return render(request, "assignments/detail.html", _detail_context(request, task))


@page(methods=("GET", "POST"), action="task.create")
def create(request):
    """Giao nhiệm vụ: one form, one task per ticked lead unit."""
    if request.method == "POST":
        form = TaskCreateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = task_create_for_leads(
                    by=request.user,
                    leads=list(data["leads"]),
                    cooperating=list(data["cooperating"]),
                    **{name: data[name] for name in TASK_FIELDS},
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if len(created) == 1:
                    messages.success(request, _("The task was assigned."))
                    return redirect("assignments:detail", pk=created[0].pk)
                messages.success(
                    request,
                    ngettext(
                        "The task was assigned to %(n)s unit.",
                        "The task was assigned to %(n)s units.",
                        len(created),
                    )
                    % {"n": len(created)},
                )
                return redirect(reverse("assignments:list") + "?sort=-assigned")
    else:
        initial = {}
        for name in ("directive", "meeting", "agreement_item"):
            if request.GET.get(name, "").isdigit():
                initial[name] = int(request.GET[name])
        form = TaskCreateForm(initial=initial, user=request.user)
    return render(request, "assignments/form.html", {"form": form, "creating": True})


@page(tasks, methods=("GET", "POST"), action="task.update")
def edit(request, task):
    """Staff edit with optimistic locking: the form carries the version it was loaded at."""
    conflict = None
    if request.method == "POST":
        form = TaskEditForm(request.POST, user=request.user, task=task)
        if form.is_valid():
            data = form.cleaned_data
            try:
                task_update(
                    task=task,
                    by=request.user,
                    version=data["version"],
                    lead=data["lead"],
                    cooperating=list(data["cooperating"]),
                    **{name: data[name] for name in TASK_FIELDS},
                )
            except Conflict as exc:
                conflict = exc
                # Keep everything the user typed, unvalidated (nothing was saved); the form now
                # carries the current version, so saving again applies it knowingly.
                form = TaskEditForm(
                    initial=conflict_initial(form, request.POST, exc), user=request.user, task=task
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The task was saved."))
                return redirect("assignments:detail", pk=task.pk)
    else:
        initial = {name: getattr(task, name) for name in TASK_FIELDS}
        initial.update(lead=task.lead, cooperating=list(task.cooperating.all()), version=task.version)
        form = TaskEditForm(initial=initial, user=request.user, task=task)
    return render(request, "assignments/form.html", {"form": form, "task": task, "conflict": conflict})


def _closing_action(request, task, service, done_message):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        service(task=task, by=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done_message)
    return redirect("assignments:detail", pk=task.pk)


@page(tasks, methods=("POST",), action="task.cancel")
def cancel(request, task):
    return _closing_action(request, task, task_cancel, _("The task was cancelled."))


@page(tasks, methods=("POST",), action="task.reopen")
def reopen(request, task):
    return _closing_action(request, task, task_reopen, _("The task was reopened."))


@page(tasks, methods=("GET", "POST"), action="task.report_progress")
def update(request, task):
    """Báo cáo tiến độ: the lead unit's liaison or staff (%, completion, files); a cooperating
    unit's liaison (text and files about its part). Leaders read only."""
    role = update_role(request.user, task)
    if request.method == "POST":
        form = TaskUpdateForm(request.POST, request.FILES, role=role, user=request.user, task=task)
        ignored_fields(request.user, task, [*request.POST, *request.FILES], form.fields)
        if form.is_valid():
            data = form.cleaned_data
            try:
                task_report_progress(
                    task=task,
                    by=request.user,
                    text=data["text"],
                    progress=data.get("progress"),
                    marks_done=data.get("marks_done", False),
                    reported_on=data.get("reported_on"),
                    files=data.get("files", []),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your progress report was posted."))
                not_recorded = form.not_recorded_message(task)
                if not_recorded:
                    messages.warning(request, not_recorded)
                return redirect(reverse("assignments:detail", args=[task.pk]) + "#timeline")
        if request.FILES:
            messages.error(request, _("Nothing was saved. Attached files must be chosen again."))
    else:
        if task.is_closed:
            messages.info(request, _("This task is closed; ask the Ban to reopen it before reporting."))
            return redirect("assignments:detail", pk=task.pk)
        form = TaskUpdateForm(role=role, user=request.user, task=task)
    return render(request, "assignments/update.html", {"task": task, "form": form, "role": role})
