"""Issue #18, acceptance 2: the register of outgoing documents gives unique, gap-free numbers per
year and type when many approvals happen at once (threads, each with its own PostgreSQL
connection and transaction), a rolled back approval gives its number back, and a render that
fails after numbering keeps the number: the retry renders again, it never numbers again."""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction

from outgoing.models import Counter, Entry
from outgoing.services import number_take
from reports import services
from reports.models import Report
from tests.reports.drafting import PERIOD, at, giao_ban_scene
from tests.threads import in_my_scope

DAY = datetime.date(2026, 7, 20)


class Rollback(Exception):
    pass


def _approve_in_thread(doc_type, day, barrier, results, *, roll_back=False):
    try:
        barrier.wait(timeout=30)
        with transaction.atomic():
            entry = number_take(doc_type=doc_type, day=day, symbol="BTGDVTU", summary="Thử", by=None)
            time.sleep(0.02)  # hold the counter a moment, so that the others queue behind it
            if roll_back:
                raise Rollback
            results.append((entry.doc_type, entry.year, entry.sequence, entry.number))
    except Rollback:
        pass
    except Exception as exc:  # noqa: BLE001 (reported by the test)
        results.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_many_approvals_at_once_take_unique_gap_free_numbers_per_year_and_type():
    jobs = (
        [("BC", DAY, False)] * 12
        + [("BC", DAY, True)] * 4  # approvals that fail after numbering: their numbers come back
        + [("TB", DAY, False)] * 6
        + [("BC", datetime.date(2027, 1, 5), False)] * 4
    )
    barrier, results = threading.Barrier(len(jobs)), []
    threads = [
        threading.Thread(
            target=in_my_scope(_approve_in_thread), args=(t, d, barrier, results), kwargs={"roll_back": rb}
        )
        for t, d, rb in jobs
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors
    by_series = {}
    for doc_type, year, sequence, _number in results:
        by_series.setdefault((doc_type, year), []).append(sequence)
    assert {k: sorted(v) for k, v in by_series.items()} == {
        ("BC", 2026): list(range(1, 13)),
        ("TB", 2026): list(range(1, 7)),
        ("BC", 2027): list(range(1, 5)),
    }
    assert sorted(Entry.objects.filter(doc_type="BC", year=2026).values_list("sequence", flat=True)) == list(
        range(1, 13)
    )
    assert Counter.objects.get(doc_type="BC", year=2026).last == 12
    assert "12-BC/BTGDVTU" in {r[3] for r in results}


@pytest.mark.django_db
def test_a_failed_render_after_numbering_keeps_the_number(
    ban, org_a, org_b, khoa_giao_fields, staff_user, leader_user, monkeypatch
):
    giao_ban_scene(ban, org_a, org_b, khoa_giao_fields)
    report, _ = services.report_schedule_run(schedule_name="Báo cáo định kỳ", period=PERIOD)
    services.report_submit(report=report, by=staff_user)
    report = services.report_approve(report=report, by=leader_user, at=at(DAY, 9))
    assert report.number == "1-BC/BTGDVTU"

    def broken(*args, **kwargs):
        raise RuntimeError("the renderer fell over")

    monkeypatch.setattr("reports.content.report_context", broken)
    assert services.report_render(report_id=report.pk, heartbeat=False) is None
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.stage == Report.Stage.APPROVED
    assert report.number == "1-BC/BTGDVTU"
    assert Entry.objects.get(report=report).number == "1-BC/BTGDVTU"

    monkeypatch.undo()
    assert services.report_retry(report=report, by=staff_user)
    done = services.report_render(report_id=report.pk, heartbeat=False)
    assert done.stage == Report.Stage.ISSUED
    assert done.number == "1-BC/BTGDVTU"
    assert Counter.objects.get(doc_type="BC", year=2026).last == 1
    assert Entry.objects.count() == 1
