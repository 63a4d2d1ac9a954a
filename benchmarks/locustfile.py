"""Locust load test of the page mix (issue 16, acceptance 1): signed-in staff browsing without
pause. Run by scripts/load.py (`make load`), never imported by Django or pytest (gevent patches).

Environment, set by scripts/load.py:
- LOAD_USERNAME, LOAD_PASSWORD: the staff account every simulated user signs in with (each user
  has its own session);
- LOAD_TARGETS: JSON {"task": [ids], "meeting": [ids], "query": [words]} to fill the paths;
- LOAD_OUT: where to write the page timings (JSON) when the run ends: the sign-ins are left out,
  so the p95 and the throughput are those of the pages alone.
"""

import json
import os
import random
import re
import sys
import time
from pathlib import Path

from locust import HttpUser, events

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks._load_pages import LOGIN, PAGES  # noqa: E402

TARGETS = json.loads(os.environ.get("LOAD_TARGETS") or '{"task": [1], "meeting": [1], "query": ["so"]}')
TIMINGS = {"pages": [], "errors": 0, "first": None, "last": None}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    if name == "login":
        return
    now = time.time()
    TIMINGS["first"] = TIMINGS["first"] or now - response_time / 1000
    TIMINGS["last"] = now
    TIMINGS["pages"].append((name, response_time, now))
    if exception is not None:
        TIMINGS["errors"] += 1


@events.quitting.add_listener
def _write(environment, **kwargs):
    out = os.environ.get("LOAD_OUT")
    if out:
        Path(out).write_text(json.dumps(TIMINGS), encoding="utf-8")


def _page(name, path):
    def visit(user):
        values = {key: random.choice(choices) for key, choices in TARGETS.items()}  # noqa: S311
        filled = path.format(**values)
        with user.client.get(filled, name=name, catch_response=True, allow_redirects=False) as response:
            # A redirect would be the sign-in page: the session was lost, which is a failure here.
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    visit.__name__ = name.replace(" ", "_")
    return visit


class Staff(HttpUser):
    """A staff member of the Ban, browsing without pause (no wait time: the worst case)."""

    def on_start(self):
        # A connection per request, as nginx opens them to gunicorn in production (deploy/nginx.conf:
        # no upstream keep-alive). Kept alive, the 20 users' connections stay with whichever
        # gunicorn worker accepted them: one run had all 20 on one worker, the other idle.
        self.client.headers["Connection"] = "close"
        page = self.client.get(LOGIN, name="login")
        token = CSRF.search(page.text)
        self.client.post(
            LOGIN,
            {
                "username": os.environ.get("LOAD_USERNAME", "chuyenvien"),
                "password": os.environ.get("LOAD_PASSWORD", ""),
                "csrfmiddlewaretoken": token[1] if token else "",
            },
            headers={"Referer": self.host + LOGIN},
            name="login",
        )

    # The mix: each page with its weight (a dict of callables, as locust takes it).
    tasks = {_page(name, path): weight for name, path, _url_name, weight in PAGES}
