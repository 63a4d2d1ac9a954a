"""{% notice_signature meeting %}: the meeting page's line about its issued notice (state and
downloads), so that the meetings app only includes a tag and never imports this app."""

from django import template

from ..services import notice_document

register = template.Library()


@register.inclusion_tag("signatures/_notice.html", takes_context=True)
def notice_signature(context, meeting):
    request = context.get("request")
    document = notice_document(meeting, request.user) if request is not None else None
    return {"document": document}
