"""The report PDF as an official document: the blank for its number, the same signature block
however it was asked for, one percentage per figure written one way, numbered figures and no
empty chart, punctuation after a task's title, and the units' names in full."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.template import Context, Template

from khoagiao.numbers import percent, percent_of
from khoagiao.pdf import render_html
from khoagiao.periods import Period
from khoagiao.text import clause
from organizations.models import Province
from reports import services
from reports.charts import stacked_bars
from reports.content import TEMPLATE, report_context
from reports.dashboard import Filters, build_dashboard
from reports.models import Report
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory
from tests.reports.conftest import flat, render, task, text_of

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 7, 5)
SIGNER = "Nguyễn Thị Minh Thư"


@pytest.fixture
def culture(db):
    return OrganizationFactory(
        code="so-vhttdl", name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTT&DL"
    )


@pytest.fixture
def half_year(org_a, culture, khoa_giao_fields):
    """6 tasks due in the first half of 2026 (as on 05/07/2026): 3 done on time, 1 done late,
    1 overdue, 1 cancelled; the rates count the 5 that were not cancelled (on time: 60 %, where
    a share of all 6 would say 50 %). Titles end with a full stop, as people type them."""
    d = datetime.date
    education = khoa_giao_fields["giao_duc_dao_tao"]
    directive = DirectiveFactory(sequence=128, title="Hướng dẫn công tác khoa giáo năm 2026")
    for n in range(3):
        task(
            org_a,
            d(2026, 2, 10 + n),
            directive=directive,
            done=d(2026, 2, 1),
            field=education,
            title=f"Tổ chức hội thảo số {n + 1} về đổi mới giáo dục.",
        )
    task(
        org_a,
        d(2026, 4, 20),
        directive=directive,
        done=d(2026, 5, 2),
        field=education,
        title="Tổng kết năm học.",
    )
    task(org_a, d(2026, 5, 15), directive=directive, cancelled=d(2026, 5, 1), title="Hội thi đã hủy.")
    task(culture, d(2026, 5, 20), directive=directive, title="Kiểm tra công tác thư viện cơ sở.")
    task(culture, d(2026, 8, 15), directive=directive, title="Triển khai Tháng hành động vì trẻ em.")
    return {"education": education}


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
    Province.objects.update(signer_name=SIGNER)
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
    Province.objects.update(signer_name=SIGNER)
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


# --- 4. rates -------------------------------------------------------------------------------------


def test_a_percentage_is_written_one_way_by_python_and_by_templates():
    """Failed before (no shared formatter): "19%" in some places, "19 %" in others."""
    assert percent(19) == "19\u00a0%"
    assert percent(None) == ""
    rendered = Template("{% load formatting %}{{ v|percent }}").render(Context({"v": 19}))
    assert rendered == percent(19)
    # Half up, never to the even number: 1 of 8 is 12.5 %, printed 13 %.
    assert percent_of(1, 8) == 13
    assert percent_of(1, 0) is None


@pytest.mark.pdftools
def test_one_figure_is_one_percentage_in_the_text_the_chart_and_the_page(
    half_year, province_ban, staff_user, login
):
    """Failed before: "đúng hạn 60%" in the text (of the tasks not cancelled) and "50%" on the
    chart (of all tasks), with and without a space."""
    report = render(by=staff_user, kind=Report.Kind.BAN, period="2026-H1", as_of=AS_OF)
    text = pdf_text(report)
    assert "Tỷ lệ hoàn thành đạt 80 %, trong đó đúng hạn 60 %." in text
    assert "Tỷ lệ tính trên 5 nhiệm vụ đến hạn trong kỳ, không tính 1 nhiệm vụ đã hủy." in text
    assert "60 % 20 % 20 %" in text  # the status chart's labels: on time, late, overdue
    assert "50 %" not in text
    assert "50%" not in text

    html = login(staff_user).get("/bao-cao/tong-quan/", {"year": 2026, "period": "H1"}).content.decode()
    assert "Đúng hạn: <strong>60\u00a0%</strong>" in html
    assert "Đã hoàn thành: <strong>80\u00a0%</strong>" in html
    # The status chart's labels (the status list under it is gone: the key figures are its numbers).
    assert re.search(r">60\u00a0%</text>.*>20\u00a0%</text>.*>20\u00a0%</text>", html, flags=re.S)
    assert "Tỷ lệ tính trên 5 nhiệm vụ đến hạn trong kỳ, không tính 1 nhiệm vụ đã hủy." in html
    assert re.findall(r"\d%(?![0-9A-Fa-f]{2})", html) == [], "a percentage without its space"
    assert ">50\u00a0%</text>" not in html  # a share of all tasks, cancelled ones too


# --- 5. charts and punctuation ----------------------------------------------------------------------


@pytest.mark.pdftools
def test_each_chart_of_the_report_is_a_numbered_figure(half_year, province_ban, staff_user):
    """Failed before: tables had "Bảng 1." and charts no caption at all."""
    text = pdf_text(render(by=staff_user, kind=Report.Kind.BAN, period="2026-H1", as_of=AS_OF))
    assert re.findall(r"Hình (\d+)\.", text) == ["1", "2", "3", "4"]
    for caption in (
        "Hình 1. Nhiệm vụ đến hạn trong kỳ theo tình trạng",
        "Hình 2. Nhiệm vụ theo quý của hạn hoàn thành",
        "Hình 3. Nhiệm vụ theo lĩnh vực và tình trạng",
        "Hình 4. Nhiệm vụ theo đơn vị chủ trì và tình trạng",
    ):
        assert caption in text


def test_a_period_without_tasks_draws_no_chart_but_says_so(province_ban, staff_user, login):
    """Failed before: an all-zero chart under two legends, in the PDF and on the page."""
    report = Report.objects.create(
        kind=Report.Kind.BAN, period=Period(2025, "Q3"), as_of=datetime.date(2025, 10, 5), params_hash="q3"
    )
    html = render_html(TEMPLATE, report_context(report))
    assert "<svg" not in html
    assert "Hình 1." not in html
    assert "Không có nhiệm vụ đến hạn trong kỳ." in html
    page = login(staff_user).get("/bao-cao/tong-quan/", {"year": 2025, "period": "Q3"}).content.decode()
    assert "<svg" not in page
    assert "Không có nhiệm vụ đến hạn trong kỳ này." in page


def test_a_chart_names_only_the_statuses_it_draws(half_year, staff_user):
    """Failed before: the legend listed all five statuses, those with no task too."""
    dashboard = build_dashboard(staff_user, Filters(year=2026, kind="H1"), today=AS_OF)
    chart = str(stacked_bars(dashboard.by_field, slug="t", title="t"))
    assert "Hoàn thành đúng hạn" in chart
    assert "Chưa hoàn thành, còn trong hạn" not in chart  # no open task in that chart


def test_a_title_ends_where_the_sentence_goes_on():
    assert clause("Tổ chức hội thảo về đổi mới giáo dục.") == "Tổ chức hội thảo về đổi mới giáo dục"
    assert clause("Tuyên truyền về y tế, giáo dục, v.v.") == "Tuyên truyền về y tế, giáo dục, v.v."
    assert clause("Có nên tổ chức không?") == "Có nên tổ chức không?"
    assert clause(None) == ""


@pytest.mark.pdftools
def test_no_full_stop_before_the_lead_unit(half_year, province_ban, staff_user):
    """Failed before: "… thư viện cơ sở. (chủ trì: …)."."""
    text = pdf_text(render(by=staff_user, kind=Report.Kind.BAN, period="2026-H1", as_of=AS_OF))
    assert (
        "- Kiểm tra công tác thư viện cơ sở (chủ trì: Sở Văn hóa, Thể thao và Du lịch; hạn 20/05/2026)."
        in text
    )
    assert "- Triển khai Tháng hành động vì trẻ em (chủ trì: Sở Văn hóa, Thể thao và Du lịch;" in text
    assert ". (chủ trì" not in text


# --- 6. names in full ---------------------------------------------------------------------------


@pytest.mark.pdftools
def test_the_document_names_units_in_full_and_the_page_keeps_short_names(
    half_year, province_ban, staff_user, login, org_a
):
    """Failed before: "Sở GD&ĐT", "Sở VHTT&DL" in the tables, charts and sentences of the PDF."""
    report = render(by=staff_user, kind=Report.Kind.BAN, period="2026-H1", as_of=AS_OF)
    text = pdf_text(report)
    assert "&" not in text
    layout = text_of(report.file.path, "-layout")
    table = layout[layout.index("Bảng 2.") : layout.index("Hình 4.")]
    assert "Sở Giáo dục và Đào tạo" in table
    assert "Sở Văn hóa, Thể thao và Du lịch" in table
    html = render_html(TEMPLATE, report_context(report))
    chart = html[html.index('id="chart-units-title"') :]
    assert "Sở Giáo dục và Đào tạo" in chart[: chart.index("</svg>")]
    page = login(staff_user).get("/bao-cao/tong-quan/", {"year": 2026, "period": "H1"}).content.decode()
    assert "Sở GD&amp;ĐT" in page
    assert "Sở VHTT&amp;DL" in page
