from ..models import Task


def with_row_data(queryset, today=None):
    """Tasks with their bucket and what a list row or a task's page shows."""
    return (
        queryset.with_bucket(today)
        .select_related("lead", "field", "directive", "meeting", "agreement_item__agreement")
        .prefetch_related("cooperating")
    )


def task_queryset(user, today=None):
    """The tasks `user` may see, with their bucket and what a list row shows."""
    return with_row_data(Task.objects.visible_to(user), today)


def tasks():
    """What the task pages fetch their task from (organizations.access.page adds visible_to)."""
    return with_row_data(Task.objects.all())
