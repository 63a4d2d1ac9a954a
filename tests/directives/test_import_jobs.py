"""The directive import as jobs (issue 19 item 13): limits checked before the file is parsed, a
clear message when the data is not on the first sheet, the progress the page polls, the sweeper,
and the whole flow in a real Celery worker on the real Redis."""

import datetime

import openpyxl
import pytest
from django.utils import timezone

from directives.imports import jobs, reader
from directives.models import Directive, DirectiveImport, ImportLog
from directives.services import directive_import_preview
from tests.directives.factories import central_body
from tests.directives.sheets import HEADERS, xlsx
from tests.reports.conftest import wait_for

Status = DirectiveImport.Status


def preview(path):
    return directive_import_preview(path=path, file_name=path.name)


# --- limits and sheets ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_over_the_row_limit_is_refused_before_any_cell_is_parsed(
    khoa_giao_fields, tmp_path, settings, monkeypatch
):
    central_body()
    settings.DIRECTIVE_IMPORT_MAX_ROWS = 100
    rows = [[f"{n}-HD/BTGTW", "22/12/2023", "btgtw"] for n in range(1, 400)]
    path = xlsx(tmp_path / "nhieu.xlsx", headers=HEADERS[:3], rows=rows)

    def never(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(reader, "_read_in_child", never)
    assert preview(path).file_errors == ["Tệp có hơn 100 dòng dữ liệu; hãy chia thành nhiều tệp."]


@pytest.mark.django_db
def test_a_file_just_over_the_limit_is_refused_once_its_header_is_read(khoa_giao_fields, tmp_path, settings):
    # Within the margin the raw count leaves for title rows: refused when the header is found.
    central_body()
    settings.DIRECTIVE_IMPORT_MAX_ROWS = 5
    rows = [[f"{n}-HD/BTGTW", "22/12/2023", "btgtw"] for n in range(1, 20)]
    path = xlsx(tmp_path / "vua.xlsx", headers=HEADERS[:3], rows=rows)
    seen = []
    original = reader._xlsx_rows

    def counted(path):
        for item in original(path):
            seen.append(item[0])
            yield item

    reader._xlsx_rows, saved = counted, reader._xlsx_rows
    try:
        assert preview(path).file_errors == ["Tệp có hơn 5 dòng dữ liệu; hãy chia thành nhiều tệp."]
    finally:
        reader._xlsx_rows = saved
    # No data row was parsed: the header is found in the raw XML, so calamine never reads the file.
    assert max(seen, default=0) <= 1


@pytest.mark.django_db
def test_data_on_another_sheet_gets_a_message_that_says_so(khoa_giao_fields, tmp_path):
    central_body()
    book = openpyxl.Workbook()
    book.active.title = "Ghi chú"
    data = book.create_sheet("Danh sách 2024")
    data.append(HEADERS[:3])
    data.append(["128-HD/BTGTW", "22/12/2023", "btgtw"])
    path = tmp_path / "hai-trang.xlsx"
    book.save(path)
    (message,) = preview(path).file_errors
    assert message.startswith("Dữ liệu phải nằm ở trang tính đầu tiên")
    assert "“Danh sách 2024”" in message


# --- the job's state on the page --------------------------------------------------------------


@pytest.fixture
def job(admin_user, khoa_giao_fields, tmp_path, private_root):
    central_body()
    path = xlsx(tmp_path / "mot.xlsx", headers=HEADERS[:3], rows=[["128-HD/BTGTW", "22/12/2023", "btgtw"]])
    item = DirectiveImport.objects.create(
        requested_by=admin_user, file_name="mot.xlsx", file_format="xlsx", file_sha256="0" * 64, file_size=1
    )
    jobs.upload_path(item).write_bytes(path.read_bytes())
    return item


@pytest.mark.django_db
def test_the_status_endpoint_reports_the_progress_the_heartbeat_wrote(login, admin_user, job):
    DirectiveImport.objects.filter(pk=job.pk).update(
        status=Status.PARSING, rows_read=1200, rows_total=5000, percent=21
    )
    client = login(admin_user)
    data = client.get(f"/van-ban/nhap/{job.pk}/trang-thai/").json()
    assert data == {
        "status": "parsing",
        "label": "Đang đọc tệp",
        "running": True,
        "percent": 21,
        "rows_read": 1200,
        "rows_total": 5000,
    }
    page = client.get(f"/van-ban/nhap/{job.pk}/").content.decode()
    assert 'aria-valuenow="21"' in page
    assert "Đã đọc 1200 trên khoảng 5000 dòng." in page
    assert "js/import.js" in page


@pytest.mark.django_db
def test_the_sweeper_sends_again_a_job_whose_heartbeat_stopped_and_fails_it_after_the_attempts(
    job, settings, django_capture_on_commit_callbacks
):
    settings.DIRECTIVE_IMPORT_MAX_ATTEMPTS = 2
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    DirectiveImport.objects.filter(pk=job.pk).update(
        status=Status.PARSING, attempts=1, heartbeat_at=long_ago, enqueued_at=long_ago
    )
    result = jobs.sweep()
    assert result["requeued"] == [job.pk]
    job.refresh_from_db()
    assert job.status == Status.QUEUED
    assert jobs.parse(job.pk).status == Status.PARSED  # the re-sent job completes

    # Confirmed, then the apply's worker dies: back to "confirmed", then FAILED at the limit.
    DirectiveImport.objects.filter(pk=job.pk).update(
        status=Status.APPLYING, confirmed_at=long_ago, attempts=1, heartbeat_at=long_ago
    )
    assert jobs.sweep()["requeued"] == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.confirmed_at is not None) == (Status.PARSED, True)
    DirectiveImport.objects.filter(pk=job.pk).update(
        status=Status.APPLYING, attempts=2, heartbeat_at=long_ago
    )
    assert jobs.sweep()["failed"] == [job.pk]
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "bị dừng bất thường 2 lần" in job.last_error
    assert Directive.objects.count() == 0


@pytest.mark.django_db
def test_the_sweeper_forgets_previews_nobody_confirmed(job, settings):
    jobs.parse(job.pk)
    assert jobs.rows_path(job).exists()
    DirectiveImport.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    assert jobs.sweep()["forgotten"] == [job.pk]
    assert not DirectiveImport.objects.filter(pk=job.pk).exists()
    assert not jobs.upload_path(job).exists()
    assert not jobs.rows_path(job).exists()


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_writes_from_its_thread_in_the_province_of_the_job(admin_user, settings):
    # Its thread used to start without the province scope: every beat raised ScopeError, the
    # heartbeat stopped, and the sweeper took a long import for a dead one.
    settings.DIRECTIVE_IMPORT_HEARTBEAT_SECONDS = 0.05
    item = DirectiveImport.objects.create(
        requested_by=admin_user, file_name="a.xlsx", file_format="xlsx", file_sha256="0" * 64, file_size=1,
        status=Status.PARSING, attempts=1,
    )  # fmt: skip
    pulse = jobs.jobs.Heartbeat.start_for(jobs.PARSE, item)
    pulse.progress["rows_read"] = 7
    try:
        wait_for(lambda: DirectiveImport.objects.get(pk=item.pk).rows_read == 7, timeout=10, what="a beat")
    finally:
        pulse.stop()
    assert DirectiveImport.objects.get(pk=item.pk).heartbeat_at is not None


# --- in a real worker -------------------------------------------------------------------------


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_upload_preview_and_apply_run_in_the_worker(
    khoa_giao_fields, login, admin_user, tmp_path, import_worker
):
    central_body()
    path = xlsx(tmp_path / "ba.xlsx", headers=HEADERS[:3], rows=[["128-HD/BTGTW", "22/12/2023", "btgtw"]])
    client = login(admin_user)
    with path.open("rb") as handle:
        response = client.post("/van-ban/nhap/", {"file": handle})
    job_id = response["Location"].rstrip("/").split("/")[-1]
    status = f"/van-ban/nhap/{job_id}/trang-thai/"
    wait_for(lambda: client.get(status).json()["status"] == "parsed", what="the parse job")
    assert Directive.objects.count() == 0
    client.post(f"/van-ban/nhap/{job_id}/xac-nhan/", {"action": "confirm"})
    wait_for(lambda: client.get(status).json()["status"] == "done", what="the apply job")
    assert Directive.objects.get().number == "128-HD/BTGTW"
    assert ImportLog.objects.count() == 1
    log = import_worker.log()
    assert "directives.import_parse" in log
    assert "directives.import_apply" in log
