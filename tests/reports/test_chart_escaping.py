"""A chart's names come from the data (a unit's name, a directive's trích yếu): drawn as text,
never as markup, in every chart the page and the PDF embed."""

from reports.charts import columns, stacked_bars
from reports.counts import Counts
from reports.dashboard import Row

HOSTILE = '<img src=x onerror="alert(1)"> Sở & "Y tế"'


def _row():
    return Row(1, HOSTILE, Counts(open=3, overdue=2, done_on_time=1), {"unit": 1}, title="<script>x</script>")


def test_the_bars_draw_a_hostile_name_as_text():
    for links in (True, False):
        svg = stacked_bars([_row()], slug="chart-test", title="<b>Tiêu đề</b>", links=links)
        assert "<img" not in svg
        assert "<script>" not in svg
        assert "<b>" not in svg
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Sở &amp; &quot;Y tế&quot;" in svg
        assert "&lt;script&gt;x&lt;/script&gt;" in svg


def test_the_columns_draw_a_hostile_name_as_text():
    svg = columns([_row()], slug="chart-test-columns", title="T")
    assert "<img" not in svg
    assert "&lt;img" in svg
