"""Sign-in lockouts (django-axes) with a second limit per address across user names.

axes counts failures per (user name, address) pair, so that nobody can lock a colleague out from
elsewhere. That alone never stops password spraying: one wrong password each for many user names
from one address. axes has a single failure limit, and adding "ip_address" to
AXES_LOCKOUT_PARAMETERS would both share that small limit with a whole office behind one address
and let a successful sign-in (AXES_RESET_ON_SUCCESS) wipe the address's count. So the pairs stay
axes' own, and this handler also sums every failure from the address within the cool-off against
its own, larger limit. Only that address is refused; the same people sign in from anywhere else.
"""

import logging

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

logger = logging.getLogger("portal.security")

BY_ADDRESS = "portal_locked_by_address"


def address_failures(request):
    """Failed sign-ins from the request's address, for any user name, within the cool-off."""
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class PortalLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """axes compares this with AXES_FAILURE_LIMIT, both before checking a password and after
        a failure: an address over its own limit counts as a pair at the limit."""
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures < limit and address_failures(request) >= settings.PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT:
            if not getattr(request, BY_ADDRESS, False):
                logger.warning(
                    "sign-in refused for address %s: %s or more failures across user names",
                    request.axes_ip_address,
                    settings.PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT,
                )
            setattr(request, BY_ADDRESS, True)
            return limit
        return failures


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (AXES_LOCKOUT_CALLABLE), saying which limit was reached and for how long."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    context = {"by_address": getattr(request, BY_ADDRESS, False), "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
