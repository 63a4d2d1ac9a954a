"""Every page needs a login: each URL the resolver knows sends an anonymous visitor to sign in."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# The sign-in page and those of a person who cannot sign in: asking for a link to choose a
# password, and the mailed link's page (organizations/passwords.py). The matrix
# (tests/security/core_url_cases.py) has a row for each of these that a signed-in person can reach.
PUBLIC = {"login", "logout", "healthz", "password_reset", "password_reset_done", "password_reset_confirm"}


def answers_401(name):
    """The API's JSON answers 401 instead (a client system has no sign-in page to be sent to;
    tests/api/test_access.py). Its documentation page is a page like the others."""
    return name.startswith("api:") and name != "api:docs"


SAMPLE = {"int": "1", "str": "x", "slug": "x", "uuid": str(uuid.uuid4()), "path": "x"}


def all_urls(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_urls(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", prefix + str(entry.pattern), entry.pattern


def sample_path(route):
    """A concrete path for a route; regex routes (the admin's catch-alls) are left out."""
    if "^" in route or "(?P<" in route:
        return None
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "1"), route)


URLS = [(name, sample_path(route)) for name, route, _pattern in all_urls()]
URLS = [(name, path) for name, path in URLS if path is not None]


def test_the_resolver_was_walked():
    names = {name for name, _ in URLS}
    assert {"home", "login", "healthz", "admin:index"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "path"),
    [u for u in URLS if u[0] not in PUBLIC and not answers_401(u[0])],
    ids=[u[0] or u[1] for u in URLS if u[0] not in PUBLIC and not answers_401(u[0])],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_login(client, name, path, method):
    response = getattr(client, method)(path, follow=True)
    assert response.redirect_chain, f"{path} answered {response.status_code} without a redirect"
    final = response.redirect_chain[-1][0]
    assert final.startswith("/dang-nhap/?next="), f"{path} ended at {final}"
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_public_pages_need_no_login(client):
    assert client.get("/dang-nhap/").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/quen-mat-khau/").status_code == 200
    assert client.get("/quen-mat-khau/da-gui/").status_code == 200
    assert client.get("/dat-mat-khau/MQ/x-y/").status_code == 200
