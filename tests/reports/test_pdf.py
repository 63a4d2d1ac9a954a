"""The report PDF: Vietnamese text round-trips, fonts are embedded, the layout has its parts, the
figures are the dashboard's, and hostile text fetches nothing (docs/operations.md G16)."""

import datetime
import re
import subprocess

import pytest
from django.utils import timezone

from organizations.models import Organization
from reports import services
from reports.models import Report
from tests.reports.conftest import flat, render, task, text_of

pytestmark = [pytest.mark.pdftools, pytest.mark.django_db]

HOSTILE = (
    '<img src="file:///etc/passwd"> <link href="http://169.254.169.254/latest/meta-data/"> '
    '<object data="file:///dev/urandom"></object> <a rel="attachment" href="file:///etc/hostname">x</a> '
    "<style>@page{size:1e9in}</style>"
)


@pytest.fixture
def private_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path


def test_the_vietnamese_text_comes_back_and_the_layout_has_its_parts(
    private_root, province_ban, scenario, leader_user, screenshot_dir
):
    report = render(
        by=leader_user,
        kind=Report.Kind.BAN,
        period="2026-H1",
        number="15",
        signer_name="Trần Văn Hùng",
        proposals="Đề nghị Thường trực Tỉnh ủy quan tâm chỉ đạo.",
        as_of=datetime.date(2026, 7, 5),
    )
    path = private_root / report.file.name
    assert path.read_bytes().startswith(b"%PDF-")
    raw = flat(text_of(path, "-raw"))
    for expected in (
        "TỈNH ỦY KHÁNH HÒA",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 15-BC/BTGDVTU",
        "Khánh Hòa, ngày 05 tháng 7 năm 2026",
        "BÁO CÁO",
        "kết quả công tác khoa giáo 6 tháng đầu năm 2026, nhiệm vụ trọng tâm 6 tháng cuối năm 2026",
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Tình hình chung",
        "Trong kỳ có 5 nhiệm vụ đến hạn",
        "2. Kết quả theo lĩnh vực",
        "3. Kết quả theo đơn vị",
        "5. Công tác phối hợp theo Quy chế 238-QĐ/TW",
        "6. Hội nghị giao ban",
        "Hội nghị giao ban 6 tháng đầu năm 2026",
        "II. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2026",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "Đề nghị Thường trực Tỉnh ủy quan tâm chỉ đạo.",
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (b/c),",
        "- Lưu Văn phòng Ban.",
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Trần Văn Hùng",
        "Phụ lục 1",
        "TỔNG HỢP NHIỆM VỤ THEO ĐƠN VỊ VÀ TÌNH TRẠNG",
        "DANH SÁCH NHIỆM VỤ ĐẾN HẠN TRONG KỲ",
    ):
        assert expected in raw, expected
    # Page numbers: none on page 1, "2" at the top of page 2.
    assert not text_of(path, "-f", "1", "-l", "1").lstrip().startswith("1")
    assert text_of(path, "-f", "2", "-l", "2").lstrip().startswith("2")
    assert report.pages >= 3

    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows
    assert all(row[-5] == "yes" for row in rows), fonts  # "emb" column
    assert any("Liberation-Serif" in row[0] or "DejaVu" in row[0] for row in rows)

    # A look at the pages: saved for review (var/screenshots/report-page-1.png, -3.png).
    for page in (1, 3):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "80",
                "-f",
                str(page),
                "-l",
                str(page),
                "-png",
                "-singlefile",
                str(path),
                str(screenshot_dir / f"report-page-{page}"),
            ],
            check=True,
        )
        assert (screenshot_dir / f"report-page-{page}.png").stat().st_size > 10_000


def _row(layout, label):
    """The numbers printed after `label` on its line of an appendix table."""
    for line in layout.splitlines():
        if line.strip().startswith(label):
            numbers = re.findall(r"(?<![\w/])(\d+|–)(?![\w/])", line[line.index(label) + len(label) :])
            if len(numbers) >= 7:
                return numbers[:7]
    raise AssertionError(f"no row for {label!r}")


def test_figures_in_the_pdf_equal_the_dashboards_for_the_same_period_and_unit(
    private_root, province_ban, scenario, login, leader_user, org_a
):
    client = login(leader_user)
    response = client.post(
        "/bao-cao/tao-moi/", {"kind": "unit", "period": "2026-H1", "organization": org_a.pk}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.as_of == timezone.localdate()
    services.report_render(report_id=report.pk, heartbeat=False)
    report.refresh_from_db()
    assert report.status == Report.Status.READY

    page = client.get("/bao-cao/tong-quan/", {"year": 2026, "period": "H1", "unit": org_a.pk})
    dashboard = page.context["dashboard"]
    layout = text_of(private_root / report.file.name, "-layout")
    unit_row = next(row for row in dashboard.by_unit if row.key == org_a.pk)
    c = unit_row.counts
    expected = [str(v) for v in (c.total, c.done_on_time, c.done_late, c.open, c.overdue, c.cancelled)]
    expected.append(str(c.completion_rate) if c.completion_rate is not None else "–")
    # A document names the unit in full (the page's short name "Sở GD&ĐT" is for screens).
    assert _row(layout, org_a.name) == expected
    t = dashboard.totals
    assert _row(layout.split("Phụ lục 1")[1], "Tổng số")[:6] == [
        str(v) for v in (t.total, t.done_on_time, t.done_late, t.open, t.overdue, t.cancelled)
    ]
    assert f"Trong kỳ có {t.total} nhiệm vụ đến hạn" in flat(text_of(private_root / report.file.name, "-raw"))
    # The unit's report counts only its own tasks: unit B's overdue task is not in it.
    assert "Sở Y tế" not in layout.split("Phụ lục 2")[1]


def test_hostile_text_in_a_task_is_printed_literally_and_fetches_nothing(
    private_root, province_ban, scenario, staff_user, org_a, monkeypatch
):
    fetchers = []

    class Recording(services.AssetOnlyFetcher):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            fetchers.append(self)

    monkeypatch.setattr(services, "AssetOnlyFetcher", Recording)
    task(org_a, datetime.date(2026, 5, 20), directive=scenario["directive"], title=f"Tuyên truyền {HOSTILE}")
    Organization.objects.filter(pk=org_a.pk).update(name='Sở <img src="file:///etc/passwd">')
    report = render(by=staff_user, kind=Report.Kind.BAN, period="2026-H1", as_of=datetime.date(2026, 7, 5))
    path = private_root / report.file.name
    assert fetchers
    assert fetchers[0].refused == []
    # Long markup wraps over lines: compare without any whitespace.
    text = re.sub(r"\s+", "", text_of(path, "-raw"))
    assert '<imgsrc="file:///etc/passwd">' in text
    assert '<linkhref="http://169.254.169.254/latest/meta-data/">' in text
    assert "<style>@page{size:1e9in}</style>" in text
    assert "root:x:0:0" not in text
    detached = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True, text=True, check=True)
    assert detached.stdout.strip().endswith("0 embedded files")
