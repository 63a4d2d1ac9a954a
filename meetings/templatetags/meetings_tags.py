from django import template

register = template.Library()


@register.filter
def person(user):
    """A person's name in Vietnamese order (family name first: "Trần Văn Hùng"), else the login."""
    if not user:
        return ""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.username
