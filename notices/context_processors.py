from django.utils.functional import SimpleLazyObject

from .models import Notice


def bell(request):
    """The header's unread count: one COUNT on the partial index of unread notices, and only when
    a page shows the bell (lazy)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notices": SimpleLazyObject(
            lambda: Notice.objects.filter(recipient_id=user.pk).unread().count()
        )
    }
