"""How the settings read the environment: django-environ, and three readers stricter than its own.

Every other module of the package reads its values through `env` and these helpers, so that a
wrong value stops the start-up (ImproperlyConfigured) instead of surfacing later in a request.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def env_bool(name, default):
    """A boolean that must be spelled as one: "maybe" stops the start-up instead of meaning False."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def env_secret(name, **kwargs):
    """Read NAME, or the contents of the file named by NAME_FILE (docker secrets)."""
    file_path = env(f"{name}_FILE", default="")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return env(name, **kwargs)


def env_time_limits(hard_name, soft_name, *, hard_default, soft_default):
    """A (hard, soft) pair of time limits in seconds. Celery refuses to send a job whose soft limit
    is above its hard one, so setting only one of the two derives the other (the soft limit 10 %
    below the hard one, at most 60 s), and a pair in the wrong order stops the start-up."""
    hard_set, soft_set = bool(env.str(hard_name, default="")), bool(env.str(soft_name, default=""))
    hard = env.int(hard_name) if hard_set else None
    soft = env.int(soft_name) if soft_set else None
    if hard is None and soft is None:
        hard, soft = hard_default, soft_default
    elif soft is None:
        soft = hard - min(60, max(1, hard // 10))
    elif hard is None:
        hard = soft + min(60, max(1, soft // 10))
    if soft < 1:
        raise ImproperlyConfigured(
            f"{soft_name} ({soft} s) must be at least 1 s"
            + ("" if soft_set else f": it follows {hard_name}, which must then be at least 2 s")
        )
    if soft >= hard:
        raise ImproperlyConfigured(
            f"{soft_name} ({soft} s) must be lower than {hard_name} ({hard} s): the soft limit lets a job "
            f"stop cleanly before the hard one kills it. Set only {hard_name} and the soft limit follows."
        )
    return hard, soft
