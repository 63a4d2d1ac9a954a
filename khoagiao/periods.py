"""Reporting periods (kỳ báo cáo): quý I–IV, 6 tháng, 9 tháng, năm.

A Period is a small immutable value: Period(2025, "H1"). Its string form, used in URLs, in the
database (PeriodField) and on the command line (`render_report --period 2025-H1`), is
"<year>-<kind>". Every period starts on 1 January or on the first day of its quarter.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Q1, Q2, Q3, Q4, H1, M9, YEAR = "Q1", "Q2", "Q3", "Q4", "H1", "9M", "Y"

KIND_CHOICES = [
    (Q1, gettext_lazy("First quarter")),
    (H1, gettext_lazy("First six months")),
    (M9, gettext_lazy("First nine months")),
    (YEAR, gettext_lazy("Whole year")),
    (Q2, gettext_lazy("Second quarter")),
    (Q3, gettext_lazy("Third quarter")),
    (Q4, gettext_lazy("Fourth quarter")),
]
# The four periods the Ban reports on (docs/domain.md, "Periods and giao ban meetings"); quý II–IV
# are for provinces that report every quarter.
MAIN_KINDS = (Q1, H1, M9, YEAR)

# (first month, last month) of each period.
_MONTHS = {Q1: (1, 3), Q2: (4, 6), Q3: (7, 9), Q4: (10, 12), H1: (1, 6), M9: (1, 9), YEAR: (1, 12)}
# The period whose "nhiệm vụ trọng tâm" follow a report on this one, as (kind, years later); the
# last six months ("H2") are not a reporting period of their own, only a name.
_NEXT = {Q1: (Q2, 0), Q2: (Q3, 0), Q3: (Q4, 0), Q4: (Q1, 1), H1: ("H2", 0), M9: (Q4, 0), YEAR: (YEAR, 1)}
_PATTERN = re.compile(r"^(?P<year>\d{4})-(?P<kind>Q[1-4]|H1|9M|Y)$")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str

    def __post_init__(self):
        if self.kind not in _MONTHS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if not 1900 <= self.year <= 2200:
            raise ValueError(f"year out of range: {self.year}")

    @classmethod
    def parse(cls, value):
        """Period.parse("2025-H1"); raises ValueError with the accepted forms."""
        if isinstance(value, Period):
            return value
        match = _PATTERN.match(str(value).strip().upper())
        if not match:
            raise ValueError(f"{value!r} is not a period like 2025-Q1, 2025-H1, 2025-9M or 2025-Y")
        return cls(int(match["year"]), match["kind"])

    @classmethod
    def containing(cls, day, kind):
        """The period of the given kind that contains `day`, e.g. the quarter of a meeting."""
        if kind in (Q1, Q2, Q3, Q4):
            kind = f"Q{(day.month - 1) // 3 + 1}"
        return cls(day.year, kind)

    @classmethod
    def latest_ended(cls, day, kinds=MAIN_KINDS):
        """The most recent period of `kinds` that has ended by `day` (what a report after it covers)."""
        candidates = [cls(year, kind) for year in (day.year, day.year - 1) for kind in kinds]
        ended = [p for p in candidates if p.end < day]
        return max(ended, key=lambda p: (p.end, -p.start.toordinal()))

    def __str__(self):
        return f"{self.year}-{self.kind}"

    @property
    def start(self):
        return datetime.date(self.year, _MONTHS[self.kind][0], 1)

    @property
    def end(self):
        month = _MONTHS[self.kind][1]
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __contains__(self, day):
        return self.start <= day <= self.end

    @property
    def name(self):
        """The name used in reports and meetings: "quý I năm 2025", "6 tháng đầu năm 2025"."""
        if self.kind == H1:
            return _("first 6 months of %(year)s") % {"year": self.year}
        if self.kind == M9:
            return _("first 9 months of %(year)s") % {"year": self.year}
        if self.kind == YEAR:
            return _("year %(year)s") % {"year": self.year}
        return _("quarter %(roman)s of %(year)s") % {"roman": _ROMAN[int(self.kind[1])], "year": self.year}

    @property
    def next_name(self):
        """What the "tasks for the next period" part of a report is called."""
        kind, years_later = _NEXT[self.kind]
        if kind == "H2":
            return _("last 6 months of %(year)s") % {"year": self.year}
        return Period(self.year + years_later, kind).name

    @property
    def label(self):
        return self.name[:1].upper() + self.name[1:]


def period_choices(years):
    return [(str(Period(y, k)), Period(y, k).label) for y in years for k, _label in KIND_CHOICES]


class PeriodField(models.CharField):
    """Stores a Period as "2025-H1"; gives back Period objects."""

    description = "A reporting period"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 7:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value is None else Period.parse(value)

    def to_python(self, value):
        if value in (None, "") or isinstance(value, Period):
            return value or None
        try:
            return Period.parse(value)
        except ValueError as exc:
            raise ValidationError(_("Enter a period such as 2025-Q1, 2025-H1, 2025-9M or 2025-Y.")) from exc

    def get_prep_value(self, value):
        value = self.to_python(value)
        return None if value is None else str(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else str(value)
