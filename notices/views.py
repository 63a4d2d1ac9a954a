"""The notices page: the user's own notices, newest first. Following one is a POST (a GET changes
nothing, docs/operations.md G5): it marks the notice read and goes to its page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from organizations.access import page

from . import report_calendar
from .forms import PreferenceForm
from .models import Notice
from .services import notice_open, notices_read_all, preference_of, preference_save

PAGE_SIZE = 30


@page()
def index(request):
    notices = Notice.objects.visible_to(request.user).order_by("-created_at", "-id")
    page_obj = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/list.html",
        {
            "page_obj": page_obj,
            "notices": page_obj.object_list,
            "preference_form": PreferenceForm(initial={"mail": preference_of(request.user)}),
        },
    )


@page(Notice, methods=("POST",), action="notice.read")
def open_notice(request, notice):
    notice_open(by=request.user, notice=notice)
    # The path was written by the portal; checked all the same, never an outside address.
    if url_has_allowed_host_and_scheme(notice.path, allowed_hosts=None) and notice.path.startswith("/"):
        return redirect(notice.path)
    return redirect("notices:list")


@page(methods=("POST",))
def read_all(request):
    count = notices_read_all(by=request.user, user=request.user)
    if count:
        messages.success(request, _("All notices are marked read."))
    return redirect("notices:list")


@page(methods=("POST",))
def preference(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        preference_save(by=request.user, user=request.user, mail=form.cleaned_data["mail"])
        messages.success(request, _("Your e-mail preference was saved."))
    return redirect("notices:list")


@page()
def calendar(request):
    """The units' report calendar: the reports owed to the coming giao ban (a unit sees its own)."""
    today = timezone.localdate()
    rows = []
    for meeting, units in report_calendar.owed(viewer=request.user, today=today):
        if units:
            days = (meeting.report_due_on - today).days
            rows.append((meeting, units, days, -days))
    return render(request, "notices/calendar.html", {"rows": rows, "today": today})
