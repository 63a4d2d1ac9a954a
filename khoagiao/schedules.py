"""When a beat schedule runs, said the way people here say it: "ngày 5 tháng đầu mỗi quý, 06:00"
rather than "0 6 5 1,4,7,10 *" or cron-descriptor's English.

One function, `describe(schedule)`, for every kind of django-celery-beat schedule (crontab,
interval, clocked, solar) and for a periodic task (its schedule). The admin shows it wherever
celery-beat would show a cron string or an English sentence (khoagiao/vendor_names.py,
khoagiao/schedule_admin.py), and so does the reports list.
"""

from celery.schedules import crontab as celery_crontab
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

QUARTER_MONTHS = {
    frozenset({1, 4, 7, 10}): lambda: _("the first month of each quarter"),
    frozenset({2, 5, 8, 11}): lambda: _("the second month of each quarter"),
    frozenset({3, 6, 9, 12}): lambda: _("the last month of each quarter"),
}


def _weekday(day):
    """celery counts 0 = Sunday ... 6 = Saturday."""
    names = (
        pgettext("weekday in a schedule", "Sunday"),
        pgettext("weekday in a schedule", "Monday"),
        pgettext("weekday in a schedule", "Tuesday"),
        pgettext("weekday in a schedule", "Wednesday"),
        pgettext("weekday in a schedule", "Thursday"),
        pgettext("weekday in a schedule", "Friday"),
        pgettext("weekday in a schedule", "Saturday"),
    )
    return names[day]


def _runs(numbers):
    """Consecutive runs of sorted numbers: [1, 2, 3, 5] -> [(1, 3), (5, 5)]."""
    runs = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _and(items):
    """ "a", "a và b", "a, b và c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _numbers(numbers, name=str):
    """ "5", "1 và 15", "1–7", "1–5 và 20" (ranges of three or more)."""
    parts = []
    for first, last in _runs(numbers):
        if last - first >= 2:
            parts.append(_("%(first)s to %(last)s") % {"first": name(first), "last": name(last)})
        else:
            parts.extend(name(n) for n in range(first, last + 1))
    return _and(parts)


def _step(numbers, size):
    """k if `numbers` is 0, k, 2k, ... covering the whole cycle of `size`, else None."""
    ordered = sorted(numbers)
    if len(ordered) < 2 or ordered[0] != 0:
        return None
    step = ordered[1]
    if size % step == 0 and ordered == list(range(0, size, step)):
        return step
    return None


def _time(minutes, hours):
    every_hour = len(hours) == 24
    if every_hour and len(minutes) == 60:
        return _("every minute")
    step = _step(minutes, 60)
    if every_hour and step:
        return _("every %(n)s minutes") % {"n": step}
    if every_hour and len(minutes) == 1:
        (minute,) = minutes
        if minute == 0:
            return _("on the hour, every hour")
        return _("at minute %(minute)s of every hour") % {"minute": minute}
    if len(minutes) * len(hours) <= 6:
        return _and(f"{h:02d}:{m:02d}" for h in sorted(hours) for m in sorted(minutes))
    return _("at minute %(minutes)s of hour %(hours)s") % {
        "minutes": _numbers(minutes),
        "hours": _numbers(hours),
    }


def _months(months):
    quarter = QUARTER_MONTHS.get(frozenset(months))
    if quarter:
        return quarter()
    return _("month %(months)s every year") % {"months": _numbers(months)}


def _date(days_of_month, months, weekdays):
    every_day_of_month = len(days_of_month) == 31
    every_month = len(months) == 12
    every_weekday = len(weekdays) == 7
    if every_day_of_month and every_month:
        if every_weekday:
            return None  # every day
        return _("every %(weekdays)s") % {"weekdays": _numbers(weekdays, _weekday)}
    if every_day_of_month:
        dates = _("every day in %(months)s") % {"months": _months(months)}
    elif every_month:
        dates = _("day %(days)s of every month") % {"days": _numbers(days_of_month)}
    else:
        dates = _("day %(days)s of %(months)s") % {"days": _numbers(days_of_month), "months": _months(months)}
    if every_weekday:
        return dates
    return _("%(dates)s, when it is a %(weekdays)s") % {
        "dates": dates,
        "weekdays": _numbers(weekdays, _weekday),
    }


def describe_crontab(schedule):
    fields = (
        schedule.minute,
        schedule.hour,
        schedule.day_of_month,
        schedule.month_of_year,
        schedule.day_of_week,
    )
    try:
        parsed = celery_crontab(
            minute=schedule.minute,
            hour=schedule.hour,
            day_of_month=schedule.day_of_month,
            month_of_year=schedule.month_of_year,
            day_of_week=schedule.day_of_week,
        )
    except ValueError:
        return " ".join(str(field) for field in fields)
    time = _time(parsed.minute, parsed.hour)
    date = _date(parsed.day_of_month, parsed.month_of_year, parsed.day_of_week)
    frequent = len(parsed.hour) == 24
    if date is None:
        text = time if frequent else _("every day, %(time)s") % {"time": time}
    else:
        text = _("%(date)s, %(time)s") % {"date": date, "time": time}
    zone = str(schedule.timezone) if schedule.timezone else settings.TIME_ZONE
    if zone != settings.TIME_ZONE:
        text = _("%(text)s (time zone %(zone)s)") % {"text": text, "zone": zone}
    return text


def describe_interval(schedule):
    units = {
        "days": (_("every day"), _("every %(n)s days")),
        "hours": (_("every hour"), _("every %(n)s hours")),
        "minutes": (_("every minute"), _("every %(n)s minutes")),
        "seconds": (_("every second"), _("every %(n)s seconds")),
        "microseconds": (_("every microsecond"), _("every %(n)s microseconds")),
    }
    one, many = units.get(schedule.period, (None, None))
    if one is None:
        return f"{schedule.every} {schedule.period}"
    return one if schedule.every == 1 else many % {"n": schedule.every}


def describe(schedule):
    """What a schedule (or a periodic task's schedule) says, in Vietnamese."""
    if schedule is None:
        return "—"
    if hasattr(schedule, "crontab_id"):  # a PeriodicTask
        task = schedule
        schedule = task.crontab or task.interval or task.clocked or task.solar
        return describe(schedule)
    kind = schedule._meta.model_name
    if kind == "crontabschedule":
        return describe_crontab(schedule)
    if kind == "intervalschedule":
        return describe_interval(schedule)
    if kind == "clockedschedule":
        when = timezone.localtime(schedule.clocked_time)
        return _("once, at %(when)s") % {"when": f"{when:%H:%M %d/%m/%Y}"}
    if kind == "solarschedule":
        return _("%(event)s at %(latitude)s, %(longitude)s") % {
            "event": schedule.get_event_display(),
            "latitude": schedule.latitude,
            "longitude": schedule.longitude,
        }
    return str(schedule)
