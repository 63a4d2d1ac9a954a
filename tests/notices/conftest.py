import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from organizations.provinces import Province, forget
from tests.assignments.factories import TaskFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def morning(day):
    """07:00 in Khánh Hòa on `day`: when beat runs the day's job."""
    return datetime.datetime(day.year, day.month, day.day, 7, 0, tzinfo=HCM)


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


@pytest.fixture
def ladder_settings(settings, province_scope):
    """The home province's reminder days (its record: organizations.provinces.days); setting
    NOTICES_STALE_DAYS and the like on it changes the record."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    days = ProvinceDays(province_scope)
    days.NOTICES_BEFORE_DAYS = 3
    days.NOTICES_HEAD_AFTER_DAYS = 3
    days.NOTICES_BAN_AFTER_DAYS = 10
    days.NOTICES_STALE_DAYS = 1000  # out of the way; tests/notices/test_stale.py sets its own
    return days


class ProvinceDays:
    def __init__(self, province):
        object.__setattr__(self, "province", province)

    def __setattr__(self, name, value):
        Province.objects.filter(pk=self.province.pk).update(**{name.lower(): value})
        forget(self.province.pk)


@pytest.fixture
def make_task(staff_user):
    def _make(lead, due, **kwargs):
        kwargs.setdefault("assigned_on", datetime.date(2026, 6, 1))
        return TaskFactory(lead=lead, due_on=due, created_by=staff_user, **kwargs)

    return _make


@pytest.fixture
def at():
    """at(day) travels to that morning (time stands still there) and returns the traveller."""
    travellers = []

    def _at(day):
        while travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(morning(day), tick=False)
        traveller.start()
        travellers.append(traveller)
        return traveller

    yield _at
    while travellers:
        travellers.pop().stop()
