"""Small display helpers for tasks: the progress-bar width class, the bucket badge and label."""

from django import template

from assignments.models import PROGRESS_RULE, Bucket

register = template.Library()


@register.filter
def pct_class(value):
    """ "pct-45" for 46 %: widths come in steps of 5 (no inline styles under our CSP)."""
    try:
        value = max(0, min(100, int(value)))
    except (TypeError, ValueError):
        return "pct-0"
    return f"pct-{int(round(value / 5.0) * 5)}"


@register.simple_tag
def bucket_label(bucket):
    """A status's one name (Bucket's label), for headings and columns: never a second wording."""
    return str(Bucket(bucket).label)


@register.inclusion_tag("assignments/includes/bucket.html")
def bucket_badge(bucket):
    bucket = Bucket(bucket)
    return {"bucket": bucket, "label": bucket.label}


@register.inclusion_tag("assignments/includes/progress.html")
def task_progress(task, with_rule=False):
    # The bar takes the task's status colour (done on time green, overdue red, ...).
    return {
        "progress": task.shown_progress,
        "with_rule": with_rule,
        "rule": PROGRESS_RULE,
        "bucket": task.bucket,
    }
