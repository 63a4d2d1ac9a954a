"""The conclusion notice is rendered in the request (not on Celery): how long does it take?

Builds one approved giao ban with a realistic outcome (BENCH_NOTICE_TASKS task rows, twice as
many findings, a few proposals; default 12) and a large one (4×), then times the PDF (WeasyPrint,
Party layout), the DOCX (python-docx) and the meeting page (test client, query count included).
Everything is rolled back at the end.
"""

import datetime
import os
import time

TASKS = int(os.environ.get("BENCH_NOTICE_TASKS", "12"))
REPEAT = 3


class Rollback(Exception):
    pass


def _meeting(size, staff, leader, units, ban):
    from meetings import services
    from meetings.models import Finding

    meeting = services.meeting_create(
        by=staff,
        period="2026-H1",
        organizer=ban,
        starts_at=datetime.datetime(2026, 6, 25, 1, tzinfo=datetime.UTC),
        place="Hội trường Tỉnh ủy",
        chair_name="Trần Văn Hùng",
        chair_position="Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        invited=units,
        attended=units,
    )
    text = (
        "Tiếp tục tuyên truyền, quán triệt Nghị quyết 57-NQ/TW, 71-NQ/TW và 72-NQ/TW đến cán bộ, đảng viên. "
    )
    services.meeting_outcome_save(
        meeting=meeting,
        by=staff,
        version=meeting.version,
        conclusion={"number": "12-TB/BTGDVTU", "text": text * 3, "signer_name": "Trần Văn Hùng"},
        findings=[
            {"kind": kind, "text": text * 2, "organization": units[i % len(units)], "field": None}
            for i in range(size * 2)
            for kind in [(Finding.Kind.RESULT, Finding.Kind.LIMITATION, Finding.Kind.CAUSE)[i % 3]]
        ],
        task_items=[
            {
                "title": f"Nhiệm vụ {i + 1}: {text}",
                "lead": units[i % len(units)],
                "cooperating": units[:3],
                "due_on": datetime.date(2026, 12, 31),
            }
            for i in range(size)
        ],
        proposals=[
            {"content": text, "from_organization": units[0], "forwarded_to": "UBND tỉnh", "response": text}
            for _ in range(max(1, size // 4))
        ],
    )
    return services.conclusion_approve(meeting=meeting, by=leader)


def _best(fn):
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def run(out):
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from khoagiao.pdf import render_pdf
    from meetings.models import Meeting
    from meetings.notice import for_template, notice_content
    from meetings.word import notice_docx_bytes
    from organizations.models import Organization, User

    try:
        with transaction.atomic(), override_settings(ALLOWED_HOSTS=["testserver"]):
            ban = Organization.objects.create(
                code="bench-mn-ban",
                name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
                kind="party_board",
                symbol="BTGDVTU",
            )
            units = [
                Organization.objects.create(code=f"bench-mn-so-{i}", name=f"Sở thử {i}", kind="department")
                for i in range(10)
            ]
            staff = User.objects.create(username="bench-mn-staff", organization=ban)
            staff.groups.set([Group.objects.get_or_create(name="staff")[0]])
            leader = User.objects.create(username="bench-mn-leader", organization=ban)
            leader.groups.set([Group.objects.get_or_create(name="leader")[0]])
            client = Client()
            client.force_login(staff)
            for size in (TASKS, TASKS * 4):
                meeting = Meeting.objects.get(pk=_meeting(size, staff, leader, units, ban).pk)
                content = notice_content(meeting)
                pdf_time, pdf = _best(
                    lambda c=content: render_pdf(
                        "meetings/pdf/notice.html", {"header": c["header"], "notice": for_template(c)}
                    )
                )
                docx_time, docx = _best(lambda c=content: notice_docx_bytes(c))
                with CaptureQueriesContext(connection) as queries:
                    page_time, response = _best(lambda m=meeting: client.get(m.get_absolute_url()))
                assert response.status_code == 200, response.status_code
                out.line(
                    f"{size:>3} task rows, {size * 2:>3} findings: PDF {pdf_time * 1000:7.0f} ms "
                    f"({len(pdf) // 1024} KiB) · DOCX {docx_time * 1000:5.0f} ms ({len(docx) // 1024} KiB) · "
                    f"meeting page {page_time * 1000:5.0f} ms, {len(queries) // REPEAT} queries"
                )
            raise Rollback
    except Rollback:
        pass
