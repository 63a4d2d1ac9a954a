from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The user name or password is wrong. Both are case-sensitive."),
        "inactive": _("This account is disabled. Please contact the administrator."),
    }


def conflict_initial(form, data, conflict):
    """What the user typed into `form` (unvalidated: nothing was saved), as the initial values of
    an unbound copy that now carries the record's current version (khoagiao/locking.py): saving
    it again applies the user's entries knowingly."""
    values = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if getattr(field.widget, "allow_multiple_selected", False):
            values[name] = data.getlist(key)
        elif key in data:
            values[name] = data.get(key)
    values["version"] = conflict.version
    return values
