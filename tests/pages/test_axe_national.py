"""The central Ban's national view in Chromium (issue 13 with issue 15's checks): no WCAG 2.0/2.1
A or AA violation, every breakdown opened (charts and tables), nothing scrolling sideways at 360 px
and no tap target under 24 × 24 px. The other roles' tours (test_axe_tour.py) never reach it."""

import pytest
from django.test import Client

from organizations.models import User
from tests.pages.test_axe_tour import axe_violations
from tests.pages.tour import DESKTOP, OVERFLOW_JS, PHONES, SMALL_TARGETS_JS, browser_context, seed_demo
from tests.sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "360"])
def test_the_national_view_passes_axe_and_fits_a_phone(
    viewport, khoa_giao_fields, settings, browser, live_server
):
    seed_demo(settings)
    client = sign_in(Client(), User.objects.get(username="trunguong"))
    phone = viewport != "desktop"
    context = browser_context(
        browser, live_server, client, PHONES[viewport] if phone else DESKTOP, is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    page.goto(live_server.url + "/bao-cao/toan-quoc/")
    # Khánh Hòa's and Lai Châu's rows, and a central directive's section.
    assert page.locator("details.breakdown").count() >= 2
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    assert "Lai Châu" in page.inner_text("#by-province")
    problems = axe_violations(page, phone)
    if phone:
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow["scroll"] > overflow["inner"]:
            problems.append(f"scrolls sideways: {overflow}")
        problems += [f"small target {target}" for target in page.evaluate(SMALL_TARGETS_JS)]
    context.close()
    assert not problems, "\n".join(problems)
