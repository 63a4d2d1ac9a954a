from django.http import HttpResponseNotAllowed

from khoagiao.permissions import get_visible_or_404

from ..models import Task


def _with_row_data(queryset, today=None):
    return (
        queryset.with_bucket(today)
        .select_related("lead", "field", "directive", "meeting", "agreement_item__agreement")
        .prefetch_related("cooperating")
    )


def task_queryset(user, today=None):
    """The tasks `user` may see, with their bucket and what a list row shows."""
    return _with_row_data(Task.objects.visible_to(user), today)


def visible_task(request, pk):
    """The task, or 404 if the user may not see it: checked before the method or the role, so
    another unit's task answers 404 to every request."""
    return get_visible_or_404(_with_row_data(Task.objects.all()), request.user, pk=pk)


def post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def get_only(request):
    """For object pages: called after the visibility check, so a hidden object stays a 404."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


def typed_values(data, form):
    """What the user typed into `form`, as initial values for an unbound copy of it."""
    values = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if getattr(field.widget, "allow_multiple_selected", False):
            values[name] = data.getlist(key)
        elif key in data:
            values[name] = data.get(key)
    return values
