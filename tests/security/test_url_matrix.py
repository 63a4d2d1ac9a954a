"""G1: every URL × every role × unit A/B objects × {GET, POST}, generated from the resolver."""

import importlib
import pkgutil

import pytest
from django.apps import apps

import tests
from tests.core.test_anonymous import PUBLIC, URLS
from tests.security.matrix import ROLES, World
from tests.sign_in import sign_in

EXEMPT_PREFIXES = ("admin:",)  # the Django admin: admin role only, covered by test_security_baseline


def _collect_cases():
    cases = list(importlib.import_module("tests.security.core_url_cases").CASES)
    for module in pkgutil.iter_modules(tests.__path__):
        try:
            cases += importlib.import_module(f"tests.{module.name}.url_cases").CASES
        except ModuleNotFoundError as exc:
            if not exc.name.endswith("url_cases"):
                raise
    return {case.name: case for case in cases}


CASES = _collect_cases()
# A public page with a row is checked for the signed-in roles too (forgot password, the mailed link).
COVERED = sorted(
    {
        name
        for name, _path in URLS
        if name and (name not in PUBLIC or name in CASES) and not name.startswith(EXEMPT_PREFIXES)
    }
)


def test_every_url_has_a_case():
    missing = [name for name in COVERED if name not in CASES]
    assert not missing, f"URLs without a row in tests/<app>/url_cases.py: {missing}"


def db_snapshot():
    """Row counts of every table: any write (and every audited change) moves one of them."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def world(personas, ban, org_a, org_b, khoa_giao_fields):
    return World(fields=khoa_giao_fields, ban=ban, org_a=org_a, org_b=org_b, **personas)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", [n for n in COVERED if n in CASES])
def test_role_matrix(client, world, name, method):
    from django.urls import reverse

    case = CASES[name]
    kwargs = case.build(world)
    url = reverse(name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    expected = case.get if method == "get" else case.post
    failures = []
    for role in ROLES:
        sign_in(client, world.user(role))
        before = db_snapshot()
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, case.post_data(world, kwargs))
        if response.status_code != expected[role]:
            failures.append(
                f"{role}: {method.upper()} {url} -> {response.status_code}, expected {expected[role]}"
            )
        if 400 <= response.status_code < 500:
            after = db_snapshot()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            # A denied request may only leave the session row the login itself created.
            changed.pop("sessions.Session", None)
            changed.pop("axes.AccessLog", None)
            if changed:
                failures.append(f"{role}: {method.upper()} {url} was refused but changed {changed}")
        client.logout()
    assert not failures, "\n".join(failures)


HIDDEN_FROM_A = sorted(name for name in COVERED if name in CASES and CASES[name].get["liaison_a"] == 404)


@pytest.mark.django_db
@pytest.mark.parametrize("name", HIDDEN_FROM_A)
def test_another_units_object_is_a_404_whatever_the_method(client, world, name):
    """Unit A's liaison cannot tell unit B's object from a missing one: every method answers 404
    (organizations.access.page looks at visibility before the method and the role)."""
    from django.urls import reverse

    case = CASES[name]
    url = reverse(name, kwargs=case.build(world)) + (f"?{case.query}" if case.query else "")
    sign_in(client, world.liaison_a)
    before = db_snapshot()
    answers = {
        method: getattr(client, method)(url).status_code
        for method in ("get", "post", "put", "patch", "delete")
    }
    assert set(answers.values()) == {404}, answers
    after = db_snapshot()
    changed = {k for k in before if before[k] != after[k]} - {"sessions.Session", "axes.AccessLog"}
    assert not changed
