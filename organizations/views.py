"""The page of a unit's liaisons (đầu mối liên lạc): its head sees who they are and the requests
it sent, and asks for a liaison to be named or withdrawn; an admin of the province decides in the
admin site (organizations/admin.py). Both go through organizations.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .access import page
from .forms import LiaisonAddForm, LiaisonWithdrawForm
from .models import LiaisonRequest, Organization, User
from .services import liaison_request_add, liaison_request_withdraw

ADD, WITHDRAW = "add", "withdraw"


@page(Organization, methods=("GET", "POST"), action="liaison.nominate")
def liaisons(request, organization):
    which = request.POST.get("request") if request.method == "POST" else None
    add_form = LiaisonAddForm(request.POST if which == ADD else None, prefix=ADD)
    withdraw_form = LiaisonWithdrawForm(
        request.POST if which == WITHDRAW else None, prefix=WITHDRAW, organization=organization
    )
    form, filing = {
        ADD: (add_form, liaison_request_add),
        WITHDRAW: (withdraw_form, liaison_request_withdraw),
    }.get(which, (None, None))
    if form is not None and form.is_valid():
        try:
            filing(by=request.user, organization=organization, **form.cleaned_data)
        except ValidationError as exc:
            # The service's reason, on the field it is about; what was typed stays in the form.
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your request was sent to the administrators."))
            return redirect("organizations:liaisons", pk=organization.pk)
    requests = (
        LiaisonRequest.objects.visible_to(request.user)
        .filter(organization=organization)
        .select_related("person", "requested_by", "decided_by")[:100]
    )
    return render(
        request,
        "organizations/liaisons.html",
        {
            "organization": organization,
            "liaisons": User.objects.liaisons_of(organization),
            "requests": requests,
            "add_form": add_form,
            "withdraw_form": withdraw_form,
            "open_form": which,
        },
    )
