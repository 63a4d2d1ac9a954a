"""The axe tour misses no page: every URL the resolver knows, with ids filled from the demo data
as each role sees them (tests/pages/resolver.py), is a page of that role's tour (tour.py), or is
listed here as not a page, or answers no GET (page() says so: a form's target, an action), or is
not for that role (403/404 with every object tried). A new page no link leads to fails here
until the tour reaches it; a new download or JSON answer fails until it is listed."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve

from organizations.models import User
from tests.pages.resolver import candidates, get_allowed, walk
from tests.pages.tour import DEMO_USERS, pages_of, seed_demo
from tests.sign_in import sign_in

pytestmark = pytest.mark.django_db

# Answers that are not pages (files, JSON, redirects, the API), by URL name, with the reason.
NOT_PAGES = {
    **dict.fromkeys(
        [
            "directives:attachment_download",
            "directives:export",
            "directives:import_template",
            "agreements:attachment",
            "meetings:notice_pdf",
            "meetings:notice_docx",
            "meetings:attachment",
            "assignments:export",
            "assignments:attachment",
            "reports:download",
            "signatures:download",
            "signatures:download_issued",
        ],
        "a file download",
    ),
    "directives:import_status": "JSON polled by the import page",
    "reports:status": "JSON polled by the report page",
    "healthz": "JSON for the load balancer",
    "logout": "signs out (POST), never toured",
    "login": "a signed-in visitor is sent on",
    "password_reset": "a signed-out visitor's page (a signed-in one is sent on); test_axe_public.py",
    "password_reset_done": "a signed-out visitor's page (a signed-in one is sent on); test_axe_public.py",
    "password_reset_confirm": "the mailed link's page, for one account; test_axe_public.py",
    "two_factor": "the admin's second factor, passed before the tour starts",
    "api:schema": "the OpenAPI document (YAML)",
    "admin:login": "a signed-in visitor is sent on",
    "admin:logout": "signs out",
    "admin:jsi18n": "JavaScript",
    "admin:autocomplete": "JSON for select2",
    "admin:view_on_site": "a redirect to the portal's page",
    "admin:password_change_done": "the admin's stock page after a password change",
}
NOT_PAGE_PATTERNS = {
    r"^api:(?!docs$)": "JSON for other systems (api/); its reference page (api:docs) is toured",
    r"^admin:$": "the admin's catch-all redirects (old change URLs, unknown paths)",
    r"^admin:\w+_(delete|history|simple_history)$": (
        "the admin's stock delete confirmation and history pages (Django's own templates, the same for "
        "every model; tour.py leaves them out for time)"
    ),
}


# The role may not open this URL (403/404 for this many objects): no page of its tour.
REFUSALS = 4


def not_a_page(name):
    if name in NOT_PAGES:
        return NOT_PAGES[name]
    return next((why for pattern, why in NOT_PAGE_PATTERNS.items() if re.search(pattern, name)), None)


def is_html(response):
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("role", ["staff", "liaison", "leader", "admin", "central"])
def test_every_page_the_resolver_knows_is_in_the_tour(role, khoa_giao_fields, settings):
    seed_demo(settings)
    _user, _client, tour = pages_of(role)
    toured = {resolve(urlsplit(url).path).view_name for url in tour}
    user = User.objects.get(username=DEMO_USERS[role])
    client = sign_in(Client(raise_request_exception=False), user)
    problems, reached, listed = [], {}, set()
    for name, route, callback in walk():
        why = not_a_page(name)
        if why:
            listed.add(name)
            continue
        if not get_allowed(callback):
            continue  # POST only: page() answers GET with 405
        urls = candidates(name, route, callback, user)
        if isinstance(urls, str):
            problems.append(f"{name} ({route}): {urls}")
            continue
        refused = 0
        for url in urls:
            response = client.get(url)
            if is_html(response):
                reached[name] = url
                break
            if response.status_code == 200:
                problems.append(f"{name} {url}: answers {response['Content-Type']}; list it in NOT_PAGES")
                break
            # A redirect says the object is not in the state the page needs: try the next one.
            refused += response.status_code in (403, 404)
            if refused >= REFUSALS:
                break
    missing = [f"{name} {url}" for name, url in reached.items() if name not in toured]
    assert not problems, "\n".join(problems)
    assert not missing, f"pages {role} reaches that the tour does not visit:\n" + "\n".join(missing)
    # And the other way: every page of the tour is found from the resolver (the ids are filled right).
    unfound = sorted(toured - set(reached) - listed)
    assert not unfound, f"pages of the tour the resolver walk did not reach: {unfound}"
