#!/usr/bin/env python
"""`make load-baseline`: the idle run of `make load` against an older commit's pages, so that
issue 16's "requests/s ≥ 2× today's, on the same machine in the same bench" is measured, not
remembered. A benchmark, not a test.

Extracts LOAD_BASELINE (default b85f3c3, the last commit before issue 16's work: no page cache,
no trigram indexes, imports in web requests) into var/baseline/<commit>, puts this commit's load
script and page mix into it (the older commit has none), and runs them there with LOAD_IDLE_ONLY
(the older commit has neither the busy run's import job nor provinces) on a fresh database and
Redis from this commit's scripts/services.py. Same seed, users, mix and seconds as `make load`;
the figures are appended to this checkout's var/bench/load.txt. Run it right before or after
`make load`, on a quiet machine, and compare the two idle lines.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This commit's files the older tree runs: the load script and its page mix.
CARRIED = ("scripts/load.py", "benchmarks/locustfile.py", "benchmarks/_load_pages.py")


def main():
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", os.environ.get("LOAD_BASELINE", "b85f3c3")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    tree = ROOT / "var" / "baseline" / commit
    if tree.exists():
        shutil.rmtree(tree)
    tree.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", str(ROOT), "archive", commit], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(tree)], stdin=archive.stdout, check=True)
    if archive.wait() != 0:
        raise SystemExit(f"git archive {commit} failed")
    for name in CARRIED:
        shutil.copy2(ROOT / name, tree / name)
    env = dict(
        os.environ,
        LOAD_IDLE_ONLY="1",
        LOAD_LABEL=f"load test of commit {commit} (idle only, this commit's load script)",
        LOAD_LOG=str(ROOT / "var" / "bench" / "load.txt"),
    )
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(ROOT / "scripts" / "services.py"), "--", sys.executable, "scripts/load.py"]
    raise SystemExit(subprocess.run(command, cwd=tree, env=env).returncode)


if __name__ == "__main__":
    main()
