"""What a page computes from the data alone, kept until the data changes.

A page's expensive part (the dashboard's figures and the tables and charts drawn from them) is the
same for every viewer who sees the same rows, on the same day, in the same language, until someone
writes. `cached(...)` keys it by all of these and by DataVersion, which the database moves forward
on every committed write (caching/triggers.py): one small query a page, and no invalidation to
forget. Who sees the same rows is `organizations.access.audience`, next to `visible_to`.

The cache is Django's (PORTAL_CACHE_URL: Redis in docker-compose, each process's memory by
default; either is right, since the key says which version it is of). What is stored must not
depend on the request: no CSRF token, no user's name, no messages (callers render those outside).
Nor on tables that move no version (caching/triggers.py: notices, signatures, jobs), with one
exception: people's names, as a progress report's author, which a renamed user changes at the next
write or the next day.
"""

import contextvars
import hashlib
import operator
from functools import partial

from django.core.cache import cache
from django.db import connection
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from organizations.access import audience

from .models import DataVersion

# A day at most: a key also names the day, so yesterday's entries are never read again.
TIMEOUT = 24 * 3600


# The version a page being read was built at, held for one GET or HEAD request by
# caching.middleware.DataVersionOncePerRequest (a dict; None outside such a request): read once,
# whatever the number of kept pieces (the task page has three), so they are all of one version.
reading = contextvars.ContextVar("caching_reading", default=None)


def data_version():
    """The current DataVersion: (epoch, counter), (None, None) before the first write."""
    memo = reading.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = DataVersion.objects.filter(pk=1).values_list("epoch", "counter").first() or (None, None)
    if memo is not None:
        memo["version"] = version
    return version


def cached(name, viewer, parts, build, *, today):
    """build()'s value for `viewer` and `parts` (what else the value depends on: the filters),
    from the cache when nothing has been written since it was built.

    Inside a transaction (a job, a test) the page may see writes of its own that are not committed,
    which no version names yet: it is built and not kept."""
    if connection.in_atomic_block:
        return build()
    key_text = repr(
        (name, data_version(), audience(viewer), today.isoformat(), translation.get_language(), parts)
    )
    key = f"page:{name}:{hashlib.sha256(key_text.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def deferred(build, names):
    """Template context entries that only kept pieces ({% keep %}) show: `build()` returns a dict
    of these names, run once, when a piece first reads one of them, so never on a page whose
    pieces all come from the cache. Every name must be in the dict (None where it does not
    apply)."""
    values = SimpleLazyObject(build)
    return {name: SimpleLazyObject(partial(operator.getitem, values, name)) for name in names}
