"""Charts as plain SVG drawn on the server, so the page and the PDF show the same picture.

Only presentational attributes (fill, font-size, text-anchor): the Content-Security-Policy forbids
inline styles, and WeasyPrint draws inline SVG as it is. Every label is escaped, by format_html or,
in the bars' loop, by the standard library's escape() (Django's, without its lazy-text wrapper) on
the one text of a segment (its numbers are formatted here).
A chart with nothing to show is not drawn: each function returns "" and the page or the PDF says
so in a sentence; the legend names only the statuses the chart draws. Percentages are the
Counts.share rule, written by khoagiao.numbers.percent like every other percentage.

On the page a chart is a picture (role="img" with its title) inside a figure whose data table
carries the links: links inside an image are never reached by a screen reader (axe
"nested-interactive") and a bar of a few pixels is no tap target. `size` is the text size in the
chart's own units; the page draws at 14 and its CSS never shrinks a chart below 4/5 of its width,
so that no legend or axis reads under 12 px.
"""

from html import escape

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assignments.models import Bucket
from khoagiao.numbers import percent

from .counts import BUCKETS

# The status colours, one meaning each, the same in static/css/portal.css (badges' borders, bars,
# legend dots). Each is at least 3:1 against white and the bars' grey track (WCAG 1.4.11).
COLORS = {
    Bucket.DONE_ON_TIME.value: "#2e7d32",
    Bucket.DONE_LATE.value: "#a87400",
    Bucket.OPEN.value: "#1f6fc5",
    Bucket.OVERDUE.value: "#c62828",
    Bucket.CANCELLED.value: "#6f767e",
}
SANS = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
SERIF = "Times New Roman, Liberation Serif, DejaVu Serif, serif"
INK = "#1f2328"
MUTED = "#5b6470"
GRID = "#d0d4d9"


def _n(value):
    """Coordinates with one decimal (format_html escapes its arguments into strings first)."""
    return f"{value:.1f}"


def _short(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(slug, title, width, height, body, font):
    width, height = _n(width), _n(height)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-labelledby="{slug}-title" font-family="{font}" class="chart-svg">'
        '<title id="{slug}-title">{title}</title>{body}</svg>',
        w=width,
        h=height,
        slug=slug,
        title=title,
        body=body,
        font=font,
    )


def _wrap(text, limit, lines=2):
    """`text` in at most `lines` lines of about `limit` characters, cut at spaces; "…" if longer."""
    words, result = str(text).split(), []
    while words and len(result) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= limit:
            line += " " + words.pop(0)
        result.append(line)
    if words:
        result[-1] = _short(f"{result[-1]} {' '.join(words)}", limit)
    return [_short(line, limit) for line in result] or [""]


def _named_buckets():
    """(value, name) of each bucket, in the usual order: the names translated once per chart, not
    once per segment (a national chart draws hundreds)."""
    return [(bucket.value, str(bucket.label)) for bucket in BUCKETS]


def _drawn(rows):
    """The buckets that have a task in at least one of `rows` (Counts), in the usual order."""
    return [b for b in BUCKETS if any(counts.value(b.value) for counts in rows)]


def _legend_size(size):
    """The PDF's legends are a point smaller than its labels; the page's are as large."""
    return size - 1 if size <= 12 else size


def _legend(y, width, buckets, size=11):
    """One line of coloured squares with the bucket names, wrapped to the chart's width."""
    parts, x, line = [], 0, 0
    step = size + 7
    for bucket in buckets:
        label = str(bucket.label)
        needed = size + 6 + len(label) * size * 0.56 + 14
        if x and x + needed > width:
            x, line = 0, line + 1
        top = y + line * step
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}"/>'
                '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                _n(x),
                top,
                size + 1,
                size + 1,
                COLORS[bucket.value],
                _n(x + size + 5),
                _n(top + size * 0.92),
                size,
                INK,
                label,
            )
        )
        x += needed
    return mark_safe("".join(parts)), (line + 1) * step  # noqa: S308 (every part came from format_html)


def _segment(x, y, w, h, bucket, value, tip, url):
    # The bars' hot loop (a national chart draws hundreds of segments): an f-string with the one
    # text escaped, not format_html's escaping of every number.
    rect = (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{COLORS[bucket]}">'
        f"<title>{escape(tip)}</title></rect>"
    )
    if url:
        return f'<a href="{escape(url)}">{rect}</a>'
    return rect


def stacked_bars(
    rows,
    *,
    slug,
    title,
    links=True,
    font=SANS,
    width=640,
    label_width=200,
    max_rows=None,
    full_labels=False,
    size=12,
):
    """One horizontal bar per row (a unit, a field), split by bucket, scaled to the largest row.
    `full_labels`: the rows' full names (Row.long_label, for documents) on up to two lines."""
    rows = [r for r in rows if r.counts.total][:max_rows]
    if not rows:
        return ""
    legend, legend_height = _legend(0, width, _drawn([r.counts for r in rows]), size=_legend_size(size))
    bar_left, bar_width = label_width + 8, width - label_width - 8 - 44
    limit = int(label_width / (size * 0.53))
    labelled = [(r, _wrap(r.long_label, limit) if full_labels else [_short(r.label, limit)]) for r in rows]
    top, bar_h, line_h = legend_height + 10, size + 4, size + 2
    largest = max(r.counts.total for r in rows)
    buckets = _named_buckets()
    parts, y = [legend], top
    for row, lines in labelled:
        step = max(size * 2, line_h * len(lines) + 8)
        bar_y = y + (step - 8 - bar_h) / 2
        first = bar_y + size - line_h * (len(lines) - 1) / 2
        tip = escape(str(row.title or row.long_label))
        for number, line in enumerate(lines):
            parts.append(
                f'<text x="{label_width}" y="{_n(first + number * line_h)}" font-size="{size}" '
                f'text-anchor="end" fill="{INK}">{escape(line)}<title>{tip}</title></text>'
            )
        x = bar_left
        for bucket, name in buckets:
            value = getattr(row.counts, bucket)
            if not value:
                continue
            w = bar_width * value / largest
            tip = f"{row.label} — {name}: {value}"
            parts.append(_segment(x, bar_y, w, bar_h, bucket, value, tip, row.url(bucket) if links else ""))
            x += w
        parts.append(
            f'<text x="{_n(x + 5)}" y="{_n(bar_y + size)}" font-size="{size}" fill="{INK}">'
            f"{row.counts.total}</text>"
        )
        y += step
    return _svg(slug, title, width, y + 6, mark_safe("".join(parts)), font)  # noqa: S308


def distribution(counts, *, slug, title, urls=None, font=SANS, width=640, legend=True, size=11):
    """The share of each status among the tasks that count (Counts.share: cancelled ones are not
    counted): one full-width bar with the percentages under it. `legend=False` where a list of
    the statuses stands next to it (the dashboard)."""
    if not counts.active:
        return ""
    buckets = [b for b in BUCKETS if b != Bucket.CANCELLED and counts.value(b.value)]
    parts, top = [], 0
    if legend:
        drawn, legend_height = _legend(0, width, buckets, size=size)
        parts, top = [drawn], legend_height + 8
    bar_h = 26
    x = 0.0
    for bucket in buckets:
        value = counts.value(bucket.value)
        w = width * value / counts.active
        tip = f"{bucket.label}: {value} ({percent(counts.share(bucket.value))})"
        url = (urls or {}).get(bucket.value, "")
        parts.append(_segment(x, top, w, bar_h, bucket.value, value, tip, url))
        if w >= size * 4:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}">{}</text>',
                    _n(x + w / 2),
                    top + bar_h + size + 3,
                    size,
                    INK,
                    percent(counts.share(bucket.value)),
                )
            )
        x += w
    return _svg(slug, title, width, top + bar_h + size + 9, mark_safe("".join(parts)), font)  # noqa: S308


def columns(rows, *, slug, title, links=True, font=SANS, width=640, height=220, size=12):
    """One stacked column per row that has a task (the quarters of a year): a quarter without
    tasks is left out rather than drawn as an empty column; nothing when every row is empty."""
    rows = [r for r in rows if r.counts.total]
    if not rows:
        return ""
    legend, legend_height = _legend(0, width, _drawn([r.counts for r in rows]), size=_legend_size(size))
    top, bottom = legend_height + size + 2, height - size - 10
    plot_h = bottom - top
    largest = max((r.counts.total for r in rows), default=0) or 1
    slot = width / max(len(rows), 1)
    col_w = min(70, slot * 0.55)
    buckets = _named_buckets()
    parts = [
        legend,
        format_html('<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}"/>', bottom, width, bottom, GRID),
    ]
    for index, row in enumerate(rows):
        x = index * slot + (slot - col_w) / 2
        y = float(bottom)
        for bucket, name in buckets:
            value = getattr(row.counts, bucket)
            if not value:
                continue
            h = plot_h * value / largest
            y -= h
            tip = f"{row.label} — {name}: {value}"
            parts.append(_segment(x, y, col_w, h, bucket, value, tip, row.url(bucket) if links else ""))
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}">{}</text>'
                '<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}">{}</text>',
                _n(x + col_w / 2),
                _n(y - 4),
                size,
                INK,
                row.counts.total,
                _n(x + col_w / 2),
                height - 6,
                size,
                INK,
                row.label,
            )
        )
    return _svg(slug, title, width, height, mark_safe("".join(parts)), font)  # noqa: S308


def dashboard_charts(dashboard, *, links=True, font=SANS, width=640, document=False, size=None):
    """The charts of a dashboard, by name; "" for one with nothing to show. For the page: short
    names, no legend on the status bar (the key figures above it are its legend). For a document
    (`document=True`): no links, the units' full names, every legend. `size`: the text size (the
    functions' own defaults when None)."""
    sized = {"size": size} if size else {}
    totals_urls = {b.value: dashboard.total_row.url(b.value) for b in BUCKETS} if links else None
    return {
        "distribution": distribution(
            dashboard.totals,
            slug="chart-distribution",
            title=_("Tasks by status"),
            urls=totals_urls,
            font=font,
            width=width,
            **sized,
            legend=document,
        ),
        "by_unit": stacked_bars(
            dashboard.by_unit,
            slug="chart-units",
            title=_("Tasks by lead unit"),
            links=links,
            font=font,
            width=width,
            **sized,
            max_rows=25,
            full_labels=document,
        ),
        "by_field": stacked_bars(
            dashboard.by_field,
            slug="chart-fields",
            title=_("Tasks by field"),
            links=links,
            font=font,
            width=width,
            **sized,
            full_labels=document,
        ),
        "by_period": columns(
            dashboard.by_period,
            slug="chart-periods",
            title=_("Tasks by quarter (due date)"),
            links=links,
            font=font,
            width=width,
            **sized,
        ),
    }


def national_charts(national, *, size=None):
    """The national view's charts (reports/national.py): the provinces' and the fields' bars, as
    the dashboard draws its units' and fields'; a bar per province for each central directive."""
    sized = {"size": size} if size else {}
    return {
        "by_province": stacked_bars(
            national.by_province, slug="chart-provinces", title=_("Tasks by province"), links=False, **sized
        ),
        "by_field": stacked_bars(
            national.by_field, slug="chart-national-fields", title=_("Tasks by field"), links=False, **sized
        ),
        # (directive, its rows, its chart, the id of its section)
        "directives": [
            (
                directive,
                rows,
                stacked_bars(
                    rows, slug=f"chart-directive-{directive.pk}", title=str(directive), links=False, **sized
                ),
                f"directive-{directive.pk}",
            )
            for directive, rows in national.directives
        ],
    }
