from django import template

from khoagiao.schedules import describe

register = template.Library()


@register.filter
def schedule_text(schedule):
    """{{ periodic_task|schedule_text }}: "ngày 5 tháng đầu mỗi quý, 06:00" (khoagiao.schedules)."""
    return describe(schedule)
