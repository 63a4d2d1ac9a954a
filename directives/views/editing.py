"""Creating and editing register entries and their review milestones (staff and admins).

An object the user may not see answers 404 before any role check, so that a liaison cannot tell
another unit's directive from a missing one; a user who may see it but not change it gets 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khoagiao.permissions import EDITORS, check_role, get_visible_or_404

from .. import services
from ..forms import DirectiveForm, ReviewMilestoneForm
from ..models import Directive, ReviewMilestone


def _form_page(request, form, directive=None):
    return render(request, "directives/form.html", {"form": form, "directive": directive})


def directive_create(request):
    check_role(request.user, EDITORS)
    form = DirectiveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values, fields = form.service_values()
        try:
            directive = services.directive_create(by=request.user, fields=fields, **values)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("%(number)s was added to the register.") % {"number": directive.number}
            )
            return redirect("directives:detail", pk=directive.pk)
    return _form_page(request, form)


def directive_update(request, pk):
    directive = get_visible_or_404(Directive, request.user, pk=pk)
    check_role(request.user, EDITORS)
    form = DirectiveForm(request.POST or None, user=request.user, instance=directive)
    if request.method == "POST" and form.is_valid():
        values, fields = form.service_values()
        try:
            directive, changed = services.directive_update(
                directive=directive, by=request.user, fields=fields, **values
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if changed:
                messages.success(request, _("The changes were saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("directives:detail", pk=directive.pk)
    return _form_page(request, form, directive)


def milestone_create(request, pk):
    directive = get_visible_or_404(Directive, request.user, pk=pk)
    check_role(request.user, EDITORS)
    form = ReviewMilestoneForm(
        request.POST or None, user=request.user, instance=ReviewMilestone(directive=directive)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The review milestone was added."))
        return redirect(f"{directive.get_absolute_url()}#milestones")
    return render(request, "directives/milestone_form.html", {"form": form, "directive": directive})


def _milestone(request, pk):
    milestone = get_object_or_404(ReviewMilestone.objects.select_related("directive"), pk=pk)
    get_visible_or_404(Directive, request.user, pk=milestone.directive_id)
    check_role(request.user, EDITORS)
    return milestone


def milestone_update(request, pk):
    milestone = _milestone(request, pk)
    directive = milestone.directive
    form = ReviewMilestoneForm(request.POST or None, user=request.user, instance=milestone)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The review milestone was saved."))
        return redirect(f"{directive.get_absolute_url()}#milestones")
    return render(
        request,
        "directives/milestone_form.html",
        {"form": form, "directive": directive, "milestone": milestone},
    )


@require_POST
def milestone_delete(request, pk):
    milestone = _milestone(request, pk)
    directive = milestone.directive
    milestone._history_user = request.user
    milestone.delete()
    messages.success(request, _("The review milestone was deleted."))
    return redirect(f"{directive.get_absolute_url()}#milestones")
