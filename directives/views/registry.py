"""The register: a filtered, searchable list and a directive's page. Both run a fixed number of
queries whatever the number of directives (tests/directives/test_query_counts.py)."""

from django.shortcuts import render
from django.utils import timezone

from khoagiao.audit import DEFAULT_EXCLUDED, history_entries
from khoagiao.paging import Paginator
from organizations.access import may, page

from ..filters import DirectiveFilter
from ..forms import AttachmentForm
from ..models import Directive, ReviewMilestone

PAGE_SIZE = 25
# The number says it all; its parsed parts would repeat each change three more times.
HISTORY_EXCLUDED = DEFAULT_EXCLUDED | {"sequence", "type_abbreviation", "issuer_symbol"}


@page()
def directive_list(request):
    user = request.user
    base = Directive.objects.visible_to(user).select_related("issuing_body").prefetch_related("fields")
    filterset = DirectiveFilter(request.GET, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directives/list.html",
        {
            "filterset": filterset,
            "page_obj": page,
            "directives": page.object_list,
            "query_string": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "can_edit": may(user, "directive.create"),
            "can_export": may(user, "directive.export"),
            "can_import": may(user, "directive.import"),
        },
    )


def detail_context(request, directive, attachment_form=None):
    from assignments.models import Task  # downstream app: imported here, never at module level

    user = request.user
    today = timezone.localdate()
    visible = Directive.objects.visible_to(user)
    milestones = list(
        ReviewMilestone.objects.filter(directive=directive)
        .select_related("result_document")
        .order_by("due_on")
    )
    # Links to other directives are shown only where the user may open them (one query for all).
    linked = {directive.implements_id, directive.replaced_by_id} | {m.result_document_id for m in milestones}
    linked.discard(None)
    openable = set(visible.filter(pk__in=linked).values_list("pk", flat=True)) if linked else set()
    for milestone in milestones:
        milestone.state = milestone.state_on(today)
        if milestone.result_document_id not in openable:
            milestone.result_document = None
    tasks = (
        Task.objects.visible_to(user)
        .filter(directive=directive)
        .with_bucket(today)
        .select_related("lead")
        .order_by("due_on", "id")
    )
    sees_all = user.sees_everything
    return {
        "directive": directive,
        "fields": list(directive.fields.all()),
        "implementing": list(
            visible.filter(implements=directive).select_related("issuing_body").order_by("issued_on")
        ),
        "replaces": list(visible.filter(replaced_by=directive).order_by("issued_on")),
        "implements": directive.implements if directive.implements_id in openable else None,
        "replaced_by": directive.replaced_by if directive.replaced_by_id in openable else None,
        "milestones": milestones,
        "tasks": list(tasks),
        "attachments": list(directive.attachments.select_related("uploaded_by")),
        "attachment_form": attachment_form or AttachmentForm(),
        "history": history_entries(directive.history.all(), excluded=HISTORY_EXCLUDED) if sees_all else [],
        # Another province's staff add their own files and milestones to a central directive;
        # its entry is changed by the province that entered it.
        "can_edit": may(user, "directive.attach", directive),
        "can_change_entry": may(user, "directive.update", directive),
        "show_history": sees_all,
    }


@page(
    lambda: Directive.objects.select_related(
        "issuing_body", "implements", "replaced_by", "created_by", "recorded_in"
    )
)
def detail(request, directive):
    return render(request, "directives/detail.html", detail_context(request, directive))
