"""Settings for the khoa giáo portal: one configuration, every value read from the environment.

Defaults are the safe production ones; `make run` and the test configuration (pyproject.toml,
[tool.pytest_env]) set the development values explicitly. A wrong value fails at start-up
(django-environ raises ImproperlyConfigured), never later in a request.

There is no variant per environment (no base/local/production modules): the environment decides.
The package is split by concern only to keep each part readable; a module imports by name what it
needs from an earlier one, and this file puts them together in that order.
"""

# The order below is the order in which the modules build on each other, not the alphabet's.
# isort: skip_file
from .core import *  # noqa: F403  Django itself: apps, middleware, templates, language, files
from .backends import *  # noqa: F403  database, cache, Celery and its queues, mail server
from .security import *  # noqa: F403  sign-in, sessions, lockout, HTTPS, CSP
from .portal import *  # noqa: F403  the portal's own: province, reports, notices, seal, imports
from .api import *  # noqa: F403  the read-only JSON API
from .logs import *  # noqa: F403
