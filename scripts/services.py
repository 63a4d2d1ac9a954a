#!/usr/bin/env python3
"""Run a command with the real services the test suite needs, starting them on loopback if needed.

    python scripts/services.py -- pytest ...

- PostgreSQL: DATABASE_URL if set; else a throwaway cluster from Debian's binaries
  (/usr/lib/postgresql/*/bin), run as the postgres user when we are root (initdb refuses root).
- Redis: REDIS_URL if set; else redis-server from PATH on a free port.
- Chromium: CHROMIUM_PATH if set; else /usr/bin/chromium.
Whatever cannot be found is reported plainly; the test suite then skips (or, under CI=true, fails)
the tests that need it. Services started here are stopped when the command ends.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(cmd):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def start_postgres(workdir):
    initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not initdbs:
        return None, "no PostgreSQL binaries under /usr/lib/postgresql"
    bindir = os.path.dirname(initdbs[-1])
    data = os.path.join(workdir, "pg")
    os.makedirs(data)
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
        shutil.chown(data, "postgres", "postgres")
    os.chmod(data, 0o700)
    port = free_port()
    quiet = {"stdout": subprocess.DEVNULL, "cwd": "/"}
    subprocess.run(
        as_postgres(
            [
                f"{bindir}/initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        **quiet,
    )
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        as_postgres(
            [
                f"{bindir}/pg_ctl",
                "-D",
                data,
                "-l",
                f"{data}/server.log",
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            ]
        ),
        check=True,
        **quiet,
    )
    psql = [
        f"{bindir}/psql",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-U",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-q",
    ]
    subprocess.run(
        [
            *psql,
            "-c",
            "CREATE ROLE portal LOGIN PASSWORD 'portal' CREATEDB",
            "-c",
            "CREATE DATABASE portal OWNER portal",
        ],
        check=True,
        **quiet,
    )

    def stop():
        subprocess.run(
            as_postgres([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]), check=False, **quiet
        )

    return (
        f"postgres://portal:portal@127.0.0.1:{port}/portal",
        stop,
    ), f"PostgreSQL {bindir.split('/')[4]} on :{port}"


def start_redis(workdir):
    server = shutil.which("redis-server")
    if not server:
        return None, "redis-server not installed"
    port = free_port()
    proc = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)

    def stop():
        proc.terminate()
        proc.wait(timeout=10)

    return (f"redis://127.0.0.1:{port}/0", stop), f"Redis on :{port}"


def main(argv):
    if "--" not in argv:
        sys.exit("usage: services.py -- command ...")
    command = argv[argv.index("--") + 1 :]
    env = dict(os.environ)
    stops = []
    workdir = tempfile.mkdtemp(prefix="portal-services-")
    report = []
    try:
        if not env.get("DATABASE_URL"):
            started, note = start_postgres(workdir)
            if started:
                env["DATABASE_URL"], stop = started
                stops.append(stop)
            report.append(f"database: {note if started else 'SQLite (' + note + ')'}")
        else:
            report.append("database: DATABASE_URL from the environment")
        if not env.get("REDIS_URL"):
            started, note = start_redis(workdir)
            if started:
                env["REDIS_URL"], stop = started
                stops.append(stop)
            report.append(f"broker: {note if started else 'none (' + note + ')'}")
        else:
            report.append("broker: REDIS_URL from the environment")
        if not env.get("CHROMIUM_PATH") and os.path.exists("/usr/bin/chromium"):
            env["CHROMIUM_PATH"] = "/usr/bin/chromium"
        report.append(f"browser: {env.get('CHROMIUM_PATH') or 'none (no Chromium at /usr/bin/chromium)'}")
        print("services: " + "; ".join(report), flush=True)
        return subprocess.call(command, env=env)
    finally:
        for stop in reversed(stops):
            stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
