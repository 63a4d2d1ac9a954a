"""The role × URL × unit matrix (docs/operations.md G1): the vocabulary each app's url_cases.py uses.

Every URL name the resolver knows must have a Case (the test fails on a new URL without one).
A Case builds the objects its URL needs — by convention they belong to unit B — and states the
status each persona gets for GET and for POST:

    Case("assignments:detail", build=lambda w: {"pk": TaskFactory(lead=w.org_b).pk},
         get=expect(staff=200, leader=200, admin=200, liaison_a=404, liaison_b=200),
         post=expect(staff=405, leader=405, admin=405, liaison_a=404, liaison_b=405))

Any answer in 400–499 must leave the database exactly as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("admin", "staff", "leader", "liaison_a", "liaison_b")


def expect(*, admin, staff, leader, liaison_a, liaison_b):
    return {"admin": admin, "staff": staff, "leader": leader, "liaison_a": liaison_a, "liaison_b": liaison_b}


def everyone(status):
    return dict.fromkeys(ROLES, status)


@dataclass
class World:
    """The personas and two units; cases add their own objects through factories."""

    admin: object
    staff: object
    leader: object
    liaison_a: object
    liaison_b: object
    org_a: object
    org_b: object
    ban: object
    fields: dict
    extra: dict = field(default_factory=dict)

    def user(self, role):
        return getattr(self, role)


@dataclass
class Case:
    name: str
    get: dict
    post: dict
    build: Callable = lambda world: {}
    post_data: Callable = lambda world, kwargs: {}
    # Some URLs answer differently with a query string (downloads, filters); optional.
    query: str = ""
    note: str = ""
