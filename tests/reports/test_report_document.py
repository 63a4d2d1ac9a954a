"""The report PDF as an official document: the blank for its number, the same signature block
however it was asked for, one percentage per figure written one way, numbered figures and no
empty chart, punctuation after a task's title, and the units' names in full."""

import datetime
import re

import pytest
from django.core.management import call_command

from khoagiao.pdf import render_html
from reports import services
from reports.content import TEMPLATE, report_context
from reports.models import Report
from tests.reports.conftest import flat, render, text_of

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 7, 5)
SIGNER = "Nguyễn Thị Minh Thư"


def pdf_text(report):
    return flat(text_of(report.file.path, "-raw"))


# --- 2. the number ------------------------------------------------------------------------------


@pytest.mark.pdftools
def test_an_unnumbered_report_keeps_the_blank_for_the_number(province_ban, staff_user):
    """Failed before: "Số -BC/BTGDVTU" (HTML collapsed the spaces the clerk writes the number in)."""
    report = render(by=staff_user, kind=Report.Kind.BAN, period="2026-H1", as_of=AS_OF)
    # Non-breaking spaces in the HTML; a gap as wide as five spaces on the page.
    assert "Số\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BTGDVTU" in render_html(TEMPLATE, report_context(report))
    layout = text_of(report.file.path, "-layout")
    assert re.search(r"Số\s{4,}-BC/BTGDVTU", layout), layout[:300]


# --- 3. the signature block ---------------------------------------------------------------------


def signature(report):
    """The signature column as read back: from the authority line to the appendix."""
    text = pdf_text(report)
    return text[text.index("K/T TRƯỞNG BAN") : text.index("Phụ lục 1")].strip()


@pytest.mark.pdftools
def test_every_way_of_asking_for_a_report_prints_the_same_signature_block(
    settings, province_ban, leader_user, login, tmp_path
):
    """Failed before: the command and the schedule printed no name under the signature; only
    someone typing it into the web form got one."""
    settings.REPORTS_SIGNER_NAME = SIGNER
    call_command("render_report", "--period", "2026-H1", "--output", str(tmp_path / "command.pdf"))
    command = Report.objects.get(schedule_name="", requested_by=None)
    scheduled, _created = services.report_schedule_run(schedule_name="Báo cáo định kỳ", today=AS_OF)
    scheduled = services.report_render(report_id=scheduled.pk, heartbeat=False)
    client = login(leader_user)
    form = client.get("/bao-cao/tao-moi/").content.decode()
    assert f'value="{SIGNER}"' in form
    # The dashboard's one-click form sends no signer: the configured one is printed.
    assert client.post("/bao-cao/tao-moi/", {"kind": "ban", "period": "2026-Q1"}).status_code == 302
    web = Report.objects.get(requested_by=leader_user)
    services.report_render(report_id=web.pk, heartbeat=False)
    web.refresh_from_db()
    blocks = {signature(r) for r in (command, scheduled, web)}
    assert len(blocks) == 1, blocks
    assert blocks.pop().startswith(f"K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN {SIGNER}")
    assert {r.signer_name for r in (command, scheduled, web)} == {SIGNER}


@pytest.mark.pdftools
def test_a_signer_typed_or_given_to_the_command_wins(settings, province_ban, tmp_path):
    settings.REPORTS_SIGNER_NAME = SIGNER
    call_command(
        "render_report", "--period", "2026-H1", "--signer", "Lê Văn Bình", "--output", str(tmp_path / "a.pdf")
    )
    assert signature(Report.objects.get()).startswith("K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN Lê Văn Bình")


@pytest.mark.pdftools
def test_without_a_signer_the_block_leaves_the_name_to_be_written_by_hand(province_ban, tmp_path):
    call_command("render_report", "--period", "2026-H1", "--output", str(tmp_path / "a.pdf"))
    report = Report.objects.get()
    assert report.signer_name == ""
    block = signature(report)
    assert block.startswith("K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN")
    assert "None" not in block
