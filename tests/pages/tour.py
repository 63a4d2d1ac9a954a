"""The pages each role reaches on the demo province, and what a browser measures on them.

The tour is generated, not listed: a test client signed in as the role follows every same-site
link from the home page and the few pages no link leads to (START; GET only, as
tests/security/test_liaison_tour.py does) and keeps up to VARIANTS pages per URL pattern (ids folded
to N, the query string dropped), so a new page is toured as soon as some page links to it.
tests/pages/test_tour_coverage.py walks the URL resolver with ids from the demo data and fails on
any page a role reaches that the tour misses. The measurements run in Chromium on those pages.
"""

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.core.management import call_command
from django.test import Client

from organizations.models import User
from tests.sign_in import sign_in

DEMO_USERS = {
    "admin": "quantri",
    "staff": "chuyenvien",
    "leader": "lanhdao",
    "liaison": "lienlac.gddt",
    "central": "trunguong",
}
# Not pages: signing out, static files, the API (JSON; its HTML docs page is toured), downloads.
SKIPPED = re.compile(
    r"^/(dang-xuat/|static/|media/|healthz)|\.(pdf|docx|xlsx|csv|json|yaml|zip|png|svg)$|/tep/|/tai-ve/"
    r"|^/quan-tri/.*/(delete|history)/$"
)
PHONES = {"375": {"width": 375, "height": 812}, "360": {"width": 360, "height": 800}}
DESKTOP = {"width": 1366, "height": 900}
MAX_PAGES = 400
# Pages no link leads to (typed or bookmarked): test_tour_coverage.py finds them from the resolver.
START = ("/", "/doi-mat-khau/", "/bao-cao/tong-quan/", "/api/v1/docs/")
# Two pages per pattern: a second task, meeting or programme often shows another state of the page.
VARIANTS = 2


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and not href.startswith(("mailto:", "tel:", "javascript:", "#")):
            self.hrefs.append(href)


def pattern(path):
    return re.sub(r"\d+", "N", path)


def seed_demo(settings):
    settings.PORTAL_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("seed_demo", stdout=io.StringIO())


def pages_of(role):
    """One URL per pattern that `role` reaches from the home page, in the order first met."""
    user = User.objects.get(username=DEMO_USERS[role])
    client = sign_in(Client(raise_request_exception=False), user)
    seen, pages = set(START), []
    per_pattern = {}
    queue = deque(START)
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages.append(url)
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            parts = urlsplit(urldefrag(urljoin("http://testserver" + url, href)).url)
            if parts.netloc != "testserver" or SKIPPED.search(parts.path):
                continue
            key = pattern(parts.path)
            # The admin's pages are alike (a list, a form per model): one of each is enough.
            variants = 1 if parts.path.startswith("/quan-tri/") else VARIANTS
            if parts.path in seen or per_pattern.get(key, 0) >= variants:
                continue
            per_pattern[key] = per_pattern.get(key, 0) + 1
            seen.add(parts.path)
            queue.append(parts.path)
    return user, client, pages


def browser_context(browser, live_server, client, viewport, **kwargs):
    """A Chromium context carrying the test client's session (an admin's second factor included)."""
    context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **kwargs)
    host = urlsplit(live_server.url).hostname
    context.add_cookies(
        [
            {"name": name, "value": morsel.value, "domain": host, "path": "/"}
            for name, morsel in client.cookies.items()
        ]
    )
    return context


# Interactive elements a finger must hit: everything focusable or clickable that is shown. Links
# inside a sentence are exempt (WCAG 2.5.8 "inline"), as are the browser's own controls.
SMALL_TARGETS_JS = """() => {
  const out = [];
  const sel = 'a[href], button, summary, select, input:not([type=hidden]), textarea, '
    + '[tabindex]:not([tabindex="-1"])';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    // Not shown: nothing to hit (a skip link is 1 × 1 px until it has the focus).
    if (r.width <= 1 || r.height <= 1) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    if (el.closest('[hidden], details:not([open]) > :not(summary)')) continue;
    if (el.tagName === 'A' && style.display === 'inline') {
      const parent = el.parentElement;
      const text = (parent.textContent || '').trim();
      if (text.length > (el.textContent || '').trim().length + 1) continue;
    }
    let w = r.width, h = r.height;
    // A checkbox or radio counts with its label, which is what a finger hits.
    if ((el.type === 'checkbox' || el.type === 'radio') && el.labels && el.labels.length) {
      const lr = el.labels[0].getBoundingClientRect();
      w = Math.max(r.right, lr.right) - Math.min(r.left, lr.left);
      h = Math.max(r.bottom, lr.bottom) - Math.min(r.top, lr.top);
    }
    if (w < 23.5 || h < 23.5) {
      const cls = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
      const name = (el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30);
      out.push(`${el.tagName.toLowerCase()}${cls} "${name}" ${Math.round(w)}x${Math.round(h)}`);
    }
  }
  return out;
}"""

OVERFLOW_JS = """() => {
  const doc = document.documentElement;
  const wide = [];
  if (doc.scrollWidth > window.innerWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      const scrolls = el.closest('.table-responsive, .chart, pre, .snapshot');
      if (r.right > window.innerWidth + 0.5 && !scrolls) {
        const cls = String(el.className).split(' ')[0];
        wide.push(`${el.tagName.toLowerCase()}.${cls} right=${Math.round(r.right)}`);
        if (wide.length > 4) break;
      }
    }
  }
  return {scroll: doc.scrollWidth, inner: window.innerWidth, wide};
}"""
