"""Issue 15, the dashboard's charts on the page: a quarter without tasks is not drawn as an empty
column, a chart is a picture whose links are in its data table (no link inside role="img"), and
the page draws its text larger than the PDF does."""

import re

import pytest

from reports.charts import columns, dashboard_charts
from reports.dashboard import Filters, build_dashboard
from tests.reports.test_report_document import AS_OF, culture, half_year  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_quarter_without_tasks_is_not_drawn(half_year, staff_user):  # noqa: F811
    """Failed before: the year's chart spent a column on each of the quarters with no task."""
    dashboard = build_dashboard(staff_user, Filters(year=2026), today=AS_OF)
    empty = [row.label for row in dashboard.by_period if not row.counts.total]
    assert empty, "the scenario has a quarter without tasks"
    chart = str(columns(dashboard.by_period, slug="q", title="q"))
    for label in empty:
        assert f">{label}</text>" not in chart
    drawn = [row.label for row in dashboard.by_period if row.counts.total]
    for label in drawn:
        assert f">{label}</text>" in chart


def test_the_pages_charts_are_pictures_with_readable_text(half_year, staff_user):  # noqa: F811
    """Failed before: the bars were links inside role="img" (axe nested-interactive) and the
    legends 11 units high, 8.9 px on a phone."""
    dashboard = build_dashboard(staff_user, Filters(year=2026), today=AS_OF)
    charts = dashboard_charts(dashboard, links=False, size=14)
    for name, chart in charts.items():
        chart = str(chart)
        if not chart:
            continue
        assert 'role="img"' in chart, name
        assert "<a " not in chart, name
        sizes = {int(size) for size in re.findall(r'font-size="(\d+)"', chart)}
        assert min(sizes) >= 13, (name, sizes)


def test_the_dashboard_has_each_chart_as_a_figure_with_its_table(half_year, staff_user, login):  # noqa: F811
    html = login(staff_user).get("/bao-cao/tong-quan/", {"year": 2026}).content.decode()
    assert html.count("<figure") >= 3
    assert "Bảng số liệu, có liên kết đến nhiệm vụ" in html
    for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S):
        assert "<a " not in svg
