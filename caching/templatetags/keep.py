"""{% keep "name" part ... %}…{% endkeep %}: a piece of a page kept as caching/pages.py keeps a
page's figures, for viewers of the same audience, with the same parts (what else the piece shows:
the query string), on the same day and in the same language, until the next write.

For what is drawn from the data and the query alone: a filter bar (a third of the dashboard's
time, issue 16), a task's card and its progress reports, the body of a meeting page. The view hands
such a piece its values through `caching.pages.deferred`, so that they are read from the database
only when the piece is built. Never around a form's CSRF token, a viewer's name or messages: the
next viewer of the same audience would get them (the forms go between the pieces).
"""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from ..pages import cached

register = template.Library()


class KeepNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context):
        name = self.name.resolve(context)
        parts = tuple(str(part.resolve(context)) for part in self.parts)
        html = cached(
            f"part:{name}",
            context["request"].user,
            parts,
            lambda: str(self.nodelist.render(context)),
            today=timezone.localdate(),
        )
        return mark_safe(html)  # noqa: S308 (the template's own output, escaped when it was rendered)


@register.tag
def keep(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% keep %} takes a name, then what else the piece depends on")
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
