"""A list's count that stays cheap on a large result (issue 16, "counts on very large results
estimated rather than counted").

Django's Paginator counts every matching row to show "N match" and the number of pages: on a
broad search of a large register that is a second pass over all of them. Here the count reads
at most EXACT_UP_TO + 1 rows (COUNT over a LIMITed subquery); a result larger than that takes
PostgreSQL's estimate of its rows (EXPLAIN), rounded, and says so (`estimated`), and the page
shows "about N". SQLite (`make run`, a few hundred rows) counts exactly.
"""

import json
from functools import cached_property

from django.core import paginator
from django.db import connections

EXACT_UP_TO = 10_000


class Page(paginator.Page):
    def has_next(self):
        # An estimate may promise pages that are not there: a page that is not full is the last.
        if self.paginator.estimated:
            return len(self.object_list) == self.paginator.per_page and super().has_next()
        return super().has_next()


class Paginator(paginator.Paginator):
    estimated = False

    def _get_page(self, *args, **kwargs):
        return Page(*args, **kwargs)

    @cached_property
    def count(self):
        rows = self.object_list
        if not hasattr(rows, "query") or connections[rows.db].vendor != "postgresql":
            return super().count
        bounded = rows.order_by()[: EXACT_UP_TO + 1].count()
        if bounded <= EXACT_UP_TO:
            return bounded
        self.estimated = True
        return _rounded(max(bounded, planned_rows(rows)))


def planned_rows(queryset):
    """How many rows PostgreSQL's planner expects `queryset` to return (no row is read)."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _rounded(number):
    """Two significant digits: an estimate is not exact to the row."""
    digits = len(str(number)) - 2
    return round(number, -digits) if digits > 0 else number
