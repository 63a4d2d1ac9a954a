"""The roles of the portal and the sets of them that the rules speak of, defined once.

A role is a Django group of the same name (organizations.apps creates them). The sets are what
the access rules (organizations/access.py) and the User model's derived questions use; nothing
else names a list of roles.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("Staff officer")
    LEADER = "leader", _("Leader")
    LIAISON = "liaison", _("Liaison officer")
    # Lãnh đạo đơn vị: the director or deputy of a unit who answers for its tasks. Sees the unit as
    # its liaison does and receives the reminders that escalate (notices/ladder.py); asks for its
    # unit's liaisons to be named or withdrawn (LIAISON_NOMINATORS).
    UNIT_HEAD = "unit_head", _("Unit head")
    # Cán bộ Ban Tuyên giáo và Dân vận Trung ương: reads every province's dashboards, meetings,
    # tasks and reports (organizations/scoping.py: every province), writes nothing there.
    CENTRAL = "central", _("Central Ban officer")


# The strongest first: a user given several groups by mistake holds the first of them.
STRENGTH = (Role.ADMIN, Role.STAFF, Role.LEADER, Role.CENTRAL, Role.UNIT_HEAD, Role.LIAISON)

ADMINS = frozenset({Role.ADMIN})
LEADERS = frozenset({Role.LEADER})
# Staff (and admins) change records.
EDITORS = frozenset({Role.ADMIN, Role.STAFF})
# The Ban's own people see every unit's data.
BAN = frozenset({Role.ADMIN, Role.STAFF, Role.LEADER})
# Roles tied to one unit: they see what concerns that unit only.
UNIT_ROLES = frozenset({Role.LIAISON, Role.UNIT_HEAD})
# The heads of a unit, who approve what goes out about their unit (a unit's report,
# organizations.access.REPORT_APPROVERS) and alone of the unit roles see those reports once the
# Ban submits them (reports.models.ReportQuerySet).
UNIT_HEADS = frozenset({Role.UNIT_HEAD})
# Who asks for a unit's liaisons to be named or withdrawn (organizations.services, an admin of the
# province confirms): the unit's own head, for its own unit only.
LIAISON_NOMINATORS = UNIT_HEADS
# The central Ban's officers: every province, to read.
CENTRAL = frozenset({Role.CENTRAL})
# Who reads every unit's data (in the provinces of their scope): the Ban's roles and the central Ban.
READERS = BAN | CENTRAL
EVERYONE = BAN | UNIT_ROLES | CENTRAL
