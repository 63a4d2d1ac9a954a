from organizations.provinces import days

from .models import Notice


class _UnreadCount:
    """Called by the template when the bell is drawn (templates call callables): one COUNT on the
    partial index of unread notices, once per request however often the page uses it."""

    def __init__(self, user_id):
        self.user_id = user_id
        self.value = None

    def __call__(self):
        if self.value is None:
            self.value = Notice.objects.filter(recipient_id=self.user_id).unread().count()
        return self.value


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # K of "no update in K days" (the dashboard links to the task list's filter with it).
    return {"unread_notices": _UnreadCount(user.pk), "stale_days": days("notices_stale_days")}
