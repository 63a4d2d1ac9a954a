"""Small helpers shared by the meetings views.

Order of checks in every view: the object is fetched through `visible_to` first (another unit's
meeting is a 404 whatever the method or role), then the method (405), then the role (403),
then the meeting's state (an approved meeting sends the user back with a message).
"""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect

from khoagiao.permissions import check_role, get_visible_or_404

from ..models import Meeting


def visible_meeting(request, pk, queryset=None):
    return get_visible_or_404(
        queryset if queryset is not None else Meeting.objects.all(), request.user, pk=pk
    )


def method_not_allowed(request, *allowed):
    """A response if the request's method is not one of `allowed` (HEAD goes with GET)."""
    methods = set(allowed) | ({"HEAD"} if "GET" in allowed else set())
    if request.method not in methods:
        return HttpResponseNotAllowed(sorted(methods))
    return None


def require_roles(request, roles):
    check_role(request.user, roles)


def back_to_meeting(request, meeting, message, level=messages.ERROR, anchor=""):
    messages.add_message(request, level, message)
    return redirect(meeting.get_absolute_url() + anchor)


def locked_redirect(request, meeting):
    from ..services import MeetingLocked

    return back_to_meeting(request, meeting, MeetingLocked().args[0])
