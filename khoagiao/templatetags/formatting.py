"""Filters that write figures and text the one way the portal writes them everywhere:
{% load formatting %} then {{ rate|percent }} ("19 %", khoagiao.numbers.percent) and
{{ task.title|clause }} (khoagiao.text.clause: no full stop before "(chủ trì: …).")."""

from django import template

from khoagiao import numbers, text

register = template.Library()


@register.filter
def percent(value):
    return numbers.percent(value)


@register.filter
def clause(value):
    return text.clause(value)
