"""Provinces (issue 13): the national view and one province's dashboard at national size.

In one run, two sizes. Small: one province with 21 units and 1,000 tasks. Big: 34 provinces, 700
units (20 or 21 each) and 1,000,000 tasks (the first province keeps its share, about 29,400). Every
province has its Ban, its units (each in one field) and five directives of its own; tasks come from
those and from three central directives (every province's), due over 2022 to the current year with
the dashboard benchmark's mix of statuses (benchmarks/dashboard.py). The task tallies are kept by
the database's triggers as the tasks are inserted; the tables are vacuumed and analysed after each
size, as autovacuum would do.

Timed through Django's test client, the median of 5 runs after one warm-up: the national view
(/bao-cao/toan-quoc/) as the central Ban's officer, and the first province's dashboard (/) as its
staff member. Printed: time and queries at each size, and the ratios big/small (goal: the same
number of queries, time ≤ 3×). The tasks are removed afterwards; the provinces, units and directives
stay (marked "thử nghiệm"), so that a second run starts faster and the other benchmarks, which run
in the home province, do not see them.
"""

import datetime
import os
import random

from benchmarks._measure import QueryCounter, median_time
from benchmarks.dashboard import _add_tasks, _remove

PROVINCES = int(os.environ.get("BENCH_NATIONAL_PROVINCES", "34"))
UNITS = int(os.environ.get("BENCH_NATIONAL_UNITS", "700"))
SMALL = int(os.environ.get("BENCH_NATIONAL_SMALL", "1000"))
BIG = int(os.environ.get("BENCH_NATIONAL_TASKS", "1000000"))
LOCAL_DIRECTIVES = 5
CENTRAL = (57, 71, 72)  # the Bộ Chính trị's resolutions of 2024–2025 the provinces carry out


def _central_directives():
    from directives.models import Directive
    from organizations.models import Organization

    # A central body belongs to no province (Organization.save), whichever scope makes it.
    body, _ = Organization.objects.get_or_create(
        code="bench-nat-bct",
        defaults={
            "name": "Bộ Chính trị (thử nghiệm)",
            "symbol": "TW",
            "kind": "party_committee",
            "level": "central",
        },
    )
    return [
        Directive.objects.filter(issuing_body=body, sequence=n).first()
        or Directive.objects.create(
            sequence=n,
            type_abbreviation="NQ",
            issuer_symbol="TW",
            doc_type="nghi_quyet",
            issuing_body=body,
            issued_on=datetime.date(2025, 1, 1),
            title=f"Nghị quyết số {n} (thử nghiệm)",
        )
        for n in CENTRAL
    ]


def _province(n, units):
    """Province n (0 = the first), its Ban, `units` units and its own directives, in its scope."""
    from django.contrib.auth.models import Group

    from directives.models import Directive
    from khoagiao.scoping import in_province
    from organizations.models import Field, Organization, Province, User

    province, _ = Province.objects.get_or_create(
        code=f"bench-{n:02d}", defaults={"name": f"Tỉnh thử nghiệm {n:02d}"}
    )
    fields = list(Field.objects.order_by("pk"))
    with in_province(province):
        ban, _ = Organization.objects.get_or_create(
            code="bench-nat-ban",
            defaults={
                "name": f"Ban Tuyên giáo và Dân vận Tỉnh ủy thử nghiệm {n:02d}",
                "symbol": "BTGDVTU",
                "kind": "party_board",
            },
        )
        made = [
            Organization.objects.get_or_create(
                code=f"bench-nat-so-{i:02d}",
                defaults={"name": f"Sở thử nghiệm {i:02d} của tỉnh {n:02d}", "kind": "department"},
            )[0]
            for i in range(units)
        ]
        local = [
            Directive.objects.filter(issuing_body=ban, sequence=800 + i).first()
            or Directive.objects.create(
                sequence=800 + i,
                type_abbreviation="HD",
                issuer_symbol="BTGDVTU",
                doc_type="huong_dan",
                issuing_body=ban,
                issued_on=datetime.date(2023, 1, 1) + datetime.timedelta(days=i),
                title=f"Hướng dẫn của tỉnh {n:02d} số {i}",
            )
            for i in range(LOCAL_DIRECTIVES)
        ]
        staff, _ = User.objects.get_or_create(
            username=f"bench-nat-staff-{n:02d}", defaults={"organization": ban, "province": province}
        )
        staff.groups.set([Group.objects.get_or_create(name="staff")[0]])
    # Each unit works in one field (the i-th unit in the i-th field, round the list).
    unit_fields = [fields[i % len(fields)] for i in range(units)]
    return province, made, unit_fields, local, staff


def _grow(province, units, fields, directives, count, start, rng, today):
    from khoagiao.scoping import in_province

    with in_province(province):
        _add_tasks(count, units, fields, directives, start, rng, today)


def _vacuum():
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (
            "assignments_task",
            "assignments_task_cooperating",
            "assignments_tasktally",
            "assignments_yeartally",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def _measure(client, url):
    from django.core.cache import cache
    from django.db import connection

    def page():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    seconds = median_time(page)
    counter = QueryCounter()
    cache.clear()  # the queries of computing the page, as median_time times it
    with connection.execute_wrapper(counter):
        page()
    return seconds, counter.count


def run(out):
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.utils import timezone

    from assignments.models import Task
    from khoagiao.scoping import everywhere
    from organizations.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    today = timezone.localdate()
    rng = random.Random(13)  # noqa: S311 (test data, not secrets)
    per_province = [UNITS // PROVINCES + (1 if n < UNITS % PROVINCES else 0) for n in range(PROVINCES)]
    with everywhere():
        bench_tasks = Task.objects.filter(lead__code__startswith="bench-nat-so-")
        _remove(bench_tasks)
        central = _central_directives()
        officer, _ = User.objects.get_or_create(
            username="bench-nat-central", defaults={"organization": central[0].issuing_body, "province": None}
        )
        officer.groups.set([Group.objects.get_or_create(name="central")[0]])
        provinces = [_province(n, units) for n, units in enumerate(per_province)]
    national, dashboard = Client(), Client()
    national.force_login(officer)
    dashboard.force_login(provinces[0][4])
    out.line(
        f"{PROVINCES} provinces, {UNITS} units, {len(CENTRAL)} central directives and "
        f"{LOCAL_DIRECTIVES} local ones per province; tasks due 2022–{today.year}, shown: {today.year}"
    )
    out.line(f"{'size':>32} {'national view':>14} {'queries':>8} {'a province':>11} {'queries':>8}")
    results = {}
    try:
        with everywhere():
            first, units, fields, local, _staff = provinces[0]
            _grow(first, units, fields, central + local, SMALL, 0, rng, today)
            _vacuum()
        results["small"] = (*_measure(national, "/bao-cao/toan-quoc/"), *_measure(dashboard, "/"))
        with everywhere():
            share = BIG // PROVINCES
            _grow(first, units, fields, central + local, share - SMALL, SMALL, rng, today)
            for n, (province, units, fields, local, _staff) in enumerate(provinces[1:], start=1):
                _grow(province, units, fields, central + local, share, n * share, rng, today)
            _vacuum()
            total = Task.objects.count()
        results["big"] = (*_measure(national, "/bao-cao/toan-quoc/"), *_measure(dashboard, "/"))
        sizes = {
            "small": f"1 province, {SMALL:,} tasks",
            "big": f"{PROVINCES} provinces, {total:,} tasks",
        }
        for key, (n_time, n_queries, p_time, p_queries) in results.items():
            out.line(
                f"{sizes[key]:>32} {n_time * 1000:>11.1f} ms {n_queries:>8} "
                f"{p_time * 1000:>8.1f} ms {p_queries:>8}"
            )
        small, big = results["small"], results["big"]
        out.line(
            f"ratio big/small: national view {big[0] / small[0]:.2f} (queries {small[1]} → {big[1]}), "
            f"a province's dashboard {big[2] / small[2]:.2f} (queries {small[3]} → {big[3]}); goal ≤ 3, "
            "same queries"
        )
    finally:
        with everywhere():
            _remove(bench_tasks)
