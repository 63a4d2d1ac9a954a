"""G5: no state-changing request without a CSRF token, and no GET that changes anything.

Runs over the same cases as the role matrix, as the most privileged personas."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.matrix import World
from tests.security.test_url_matrix import CASES, COVERED, db_snapshot
from tests.sign_in import sign_in

# Rows that a request may write without changing the portal's data.
BOOKKEEPING = {"sessions.Session", "axes.AccessLog", "axes.AccessAttempt"}


@pytest.fixture
def world(personas, ban, org_a, org_b, khoa_giao_fields):
    return World(fields=khoa_giao_fields, ban=ban, org_a=org_a, org_b=org_b, **personas)


def _changes(before, after):
    return {k: (before[k], after[k]) for k in before if before[k] != after[k] and k not in BOOKKEEPING}


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in COVERED if n in CASES])
def test_post_without_a_csrf_token_is_refused_and_changes_nothing(world, name):
    case = CASES[name]
    kwargs = case.build(world)
    url = reverse(name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    for role in ("admin", "staff", "leader", "liaison_b"):
        client = Client(enforce_csrf_checks=True)
        sign_in(client, world.user(role))
        before = db_snapshot()
        response = client.post(url, case.post_data(world, kwargs))
        assert response.status_code in (403, 404, 405), f"{role}: POST {url} -> {response.status_code}"
        assert not _changes(before, db_snapshot()), f"{role}: POST {url} without a token changed data"


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in COVERED if n in CASES])
def test_get_changes_nothing(world, name):
    case = CASES[name]
    kwargs = case.build(world)
    url = reverse(name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    for role in ("admin", "staff", "leader", "liaison_b"):
        client = Client()
        sign_in(client, world.user(role))
        before = db_snapshot()
        client.get(url)
        assert not _changes(before, db_snapshot()), f"{role}: GET {url} changed data"
