"""Creating and editing register entries and their review milestones (staff and admins).

An object the user may not see answers 404 before any method or role check (organizations.access
.page), so that a liaison cannot tell another unit's directive from a missing one; a user who may
see it but not change it gets 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khoagiao.forms import conflict_initial
from khoagiao.locking import Conflict
from organizations.access import page

from .. import services
from ..forms import DirectiveForm, ReviewMilestoneForm
from ..models import Directive, ReviewMilestone


def _form_page(request, form, directive=None, conflict=None):
    return render(
        request, "directives/form.html", {"form": form, "directive": directive, "conflict": conflict}
    )


@page(methods=("GET", "POST"), action="directive.create")
def directive_create(request):
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


@page(Directive, methods=("GET", "POST"), action="directive.update")
def directive_update(request, directive):
    form = DirectiveForm(request.POST or None, user=request.user, instance=directive)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values, fields = form.service_values()
        try:
            directive, changed = services.directive_update(
                directive=directive,
                by=request.user,
                version=form.cleaned_data["version"],
                fields=fields,
                **values,
            )
        except Conflict as exc:
            conflict = exc
            form = DirectiveForm(
                initial=conflict_initial(form, request.POST, exc), user=request.user, instance=directive
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if changed:
                messages.success(request, _("The changes were saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("directives:detail", pk=directive.pk)
    return _form_page(request, form, directive, conflict)


def _milestone_page(request, form, directive, milestone=None):
    return render(
        request,
        "directives/milestone_form.html",
        {"form": form, "directive": directive, "milestone": milestone},
    )


@page(Directive, methods=("GET", "POST"), action="milestone.create")
def milestone_create(request, directive):
    form = ReviewMilestoneForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(directive=directive, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The review milestone was added."))
            return redirect(f"{directive.get_absolute_url()}#milestones")
    return _milestone_page(request, form, directive)


def milestones():
    return ReviewMilestone.objects.select_related("directive")


@page(milestones, methods=("GET", "POST"), action="milestone.update")
def milestone_update(request, milestone):
    directive = milestone.directive
    form = ReviewMilestoneForm(request.POST or None, user=request.user, instance=milestone)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(milestone=milestone, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The review milestone was saved."))
            return redirect(f"{directive.get_absolute_url()}#milestones")
    return _milestone_page(request, form, directive, milestone)


@page(milestones, methods=("POST",), action="milestone.delete")
def milestone_delete(request, milestone):
    directive = milestone.directive
    services.milestone_delete(milestone=milestone, by=request.user)
    messages.success(request, _("The review milestone was deleted."))
    return redirect(f"{directive.get_absolute_url()}#milestones")
