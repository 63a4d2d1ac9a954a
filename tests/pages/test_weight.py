"""Acceptance 5 of issue 15: the design pass keeps the pages light. Every page each role reaches, loaded
in Chromium, makes at most 8 requests and weighs at most 120 KiB as sent compressed (each body
gzipped here, as WhiteNoise's precompressed files and the proxy send them in production)."""

import gzip

import pytest

from tests.pages.tour import DESKTOP, browser_context, pages_of, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_REQUESTS = 8
MAX_KIB = 120


@pytest.mark.parametrize("role", ["liaison", "leader"])
def test_every_page_stays_within_eight_requests_and_120_kib(
    role, khoa_giao_fields, settings, browser, live_server
):
    seed_demo(settings)
    _user, client, pages = pages_of(role)
    context = browser_context(browser, live_server, client, DESKTOP)
    page = context.new_page()
    heavy = []
    for url in pages:
        responses = []

        def record(response, responses=responses):
            responses.append(response)

        page.on("response", record)
        page.goto(live_server.url + url, wait_until="load")
        page.remove_listener("response", record)
        sizes = []
        for response in responses:
            try:
                sizes.append(len(gzip.compress(response.body())))
            except Exception:  # a redirect has no body
                sizes.append(0)
        kib = sum(sizes) / 1024
        if len(responses) > MAX_REQUESTS or kib > MAX_KIB:
            heavy.append(f"{url}: {len(responses)} requests, {kib:.0f} KiB {[r.url for r in responses]}")
    context.close()
    assert not heavy, "\n".join(heavy)
