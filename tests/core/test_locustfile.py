"""The load test (benchmarks/locustfile.py, `make load`) is a benchmark, not a test; this keeps it
from rotting: the locustfile imports, its users run exactly the page mix of benchmarks/_load_pages.py,
and every page of the mix resolves to the view it is meant to load."""

import json
import subprocess
import sys
from pathlib import Path

from django.urls import resolve

from benchmarks._load_pages import LOGIN, PAGES

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = {"task": 1, "meeting": 1, "query": "chuyen doi so"}


def test_every_page_of_the_mix_resolves_to_its_view():
    assert resolve(LOGIN).view_name == "login"
    assert len({name for name, *_ in PAGES}) == len(PAGES)
    for name, path, url_name, weight in PAGES:
        filled = path.format(**SAMPLE)
        assert resolve(filled.split("?")[0]).view_name == url_name, name
        assert weight > 0


def test_the_locustfile_imports_and_runs_the_mix():
    # In a process of its own: importing locust patches sockets and threads (gevent).
    # Locust turns the {task: weight} mix into a list holding each task `weight` times.
    code = (
        "import collections, json, benchmarks.locustfile as f; "
        "print(json.dumps(collections.Counter(t.__name__ for t in f.Staff.tasks)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    tasks = json.loads(done.stdout.strip().splitlines()[-1])
    assert tasks == {name.replace(" ", "_"): weight for name, _path, _url, weight in PAGES}
