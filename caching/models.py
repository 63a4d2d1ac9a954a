from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One counter that every committed write to the portal's data moves forward (caching/triggers.py).

    What a page caches is keyed by it (caching/pages.py): a page shows the data as it was at some
    version, and the next write makes a new key, so nothing cached is ever shown after a change.
    A single row (pk 1), not one per province: the trigger takes its lock at commit, and rows of
    two provinces taken in either order could deadlock two writers. `manage.py restore` empties the
    cache, since a restored database goes back to an older counter."""

    counter = models.BigIntegerField(_("version"), default=0)
    # Random, written when the row is made: a table emptied and filled again (a test's flush)
    # starts its counter afresh, and must not meet the keys of the counter's first life.
    epoch = models.CharField(_("epoch"), max_length=40, default="")

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return f"{self.counter}"
