"""Small helpers shared by the meetings views.

Every view starts with organizations.access.page: the meeting is fetched through `visible_to` first
(another unit's meeting is a 404 whatever the method), then the method (405), then the rule (403);
then the meeting's state (an approved meeting sends the user back with a message).
"""

from django.contrib import messages
from django.shortcuts import redirect

from ..models import Meeting


def meetings():
    return Meeting.objects.select_related("organizer")


def back_to_meeting(request, meeting, message, level=messages.ERROR, anchor=""):
    messages.add_message(request, level, message)
    return redirect(meeting.get_absolute_url() + anchor)


def locked_redirect(request, meeting):
    from ..services import MeetingLocked

    return back_to_meeting(request, meeting, MeetingLocked().args[0])
