import datetime

from django.utils import timezone

from organizations.access import may

from ..models import BUCKET_ORDER, PROGRESS_RULE, SOON_DAYS, Bucket, TaskUpdate
from .common import task_queryset

HOME_LIMIT = 50


def unit_home_context(request):
    """A liaison's home page: its unit's open tasks by due date (overdue first, then the ones due
    soonest) and how many tasks are in each bucket. reports.views.unit_home renders it with the
    dashboard's figures for the unit above them (reports/unit_home.html extends
    assignments/unit_home.html)."""
    user = request.user
    today = timezone.localdate()
    tasks = task_queryset(user, today)
    counts = tasks.bucket_counts(today)
    open_tasks = list(tasks.open().order_by("due_on", "id")[:HOME_LIMIT])
    overdue = [task for task in open_tasks if task.bucket == Bucket.OVERDUE]
    upcoming = [task for task in open_tasks if task.bucket == Bucket.OPEN]
    soon = today + datetime.timedelta(days=SOON_DAYS)
    recent = (
        TaskUpdate.objects.filter(task__in=tasks.values("id"))
        .select_related("task", "organization", "posted_by")
        .order_by("-created_at", "-id")[:5]
    )
    return {
        "organization": user.organization,
        "counts": [(bucket, counts[bucket.value]) for bucket in BUCKET_ORDER],
        "open_count": counts[Bucket.OPEN] + counts[Bucket.OVERDUE],
        "overdue": overdue,
        "upcoming": upcoming,
        "more": counts[Bucket.OPEN] + counts[Bucket.OVERDUE] > len(open_tasks),
        "soon": soon,
        "today": today,
        "recent": recent,
        "progress_rule": PROGRESS_RULE,
        # The unit head names and withdraws the unit's liaisons (organizations/views.py).
        "can_nominate": user.organization_id is not None and may(user, "liaison.nominate", user.organization),
    }
