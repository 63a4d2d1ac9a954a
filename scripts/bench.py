#!/usr/bin/env python
"""`make bench`: speed and memory measured on the real database, never in the test suite.

Runs every module in benchmarks/ (or those named on the command line) against a scratch
database migrated here. Each module has `run(out)` and prints its own figures (time, queries,
ratios, peak memory) through `out.line(...)`; results are also appended to var/bench/last.txt.
"""

import argparse
import importlib
import os
import pkgutil
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khoagiao.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-000000000000")
os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
# Pages are timed without collectstatic (assets come from the apps' folders); WhiteNoise's notice
# that STATIC_ROOT is missing would only clutter the figures.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


class Output:
    def __init__(self, path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.lines = []

    def line(self, text=""):
        print(text, flush=True)
        self.lines.append(text)

    def save(self):
        self.path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def main():
    import benchmarks

    # benchmarks/_*.py are shared helpers, not benchmarks; the locustfile is run by `make load`
    # (scripts/load.py) in a process of its own, never imported here (locust patches sockets).
    modules = pkgutil.iter_modules(benchmarks.__path__)
    available = sorted(m.name for m in modules if not m.name.startswith("_") and m.name != "locustfile")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(available)})"
    )
    args = parser.parse_args()
    unknown = set(args.names) - set(available)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    out = Output(ROOT / "var" / "bench" / "last.txt")
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    out.line(f"benchmarks on {engine}, {time.strftime('%Y-%m-%d %H:%M')}")
    if engine != "postgresql":
        out.line("warning: not PostgreSQL; figures are not comparable with production")
    call_command("migrate", verbosity=0)
    from khoagiao.scoping import in_province
    from organizations.models import Province

    # A benchmark runs as the home province's people do (every query of a scoped model needs a
    # province, khoagiao/scoping.py); benchmarks/national.py steps out of it for its provinces.
    home = Province.objects.order_by("pk").first()
    for name in args.names or available:
        out.line()
        out.line(f"== {name}")
        with in_province(home):
            importlib.import_module(f"benchmarks.{name}").run(out)
    out.save()


if __name__ == "__main__":
    main()
