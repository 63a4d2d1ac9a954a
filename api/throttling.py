"""Requests per client: an API key, or a signed-in person, counted in Django's cache."""

import logging

from rest_framework.throttling import SimpleRateThrottle

from .models import KeyViewer

logger = logging.getLogger(__name__)


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_cache_key(self, request, view):
        viewer = request.user
        if isinstance(viewer, KeyViewer):
            ident = f"key-{viewer.key.pk}"
        elif viewer.is_authenticated:
            ident = f"user-{viewer.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return f"throttle_{self.scope}_{ident}"

    def allow_request(self, request, view):
        # With the cache down (Redis restarting), requests go through rather than fail: the key is
        # known and the limit protects the portal from a runaway client, not from an intruder.
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("API throttling skipped: the cache cannot be reached", exc_info=True)
            return True
