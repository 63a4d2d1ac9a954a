"""The narrative sections of a drafted report, pre-filled from the giao ban that reviews its period.

The giao ban is the one that stands for the period (Meeting.objects.giao_ban_of, built on
`reviewing`): a meeting belongs to the period it reviews, never to the one it is held in. Each
passage says which unit it came from, by the unit's full name (khoagiao.documents.official_name);
results are grouped by the unit's field in the Khối; the directions are the tasks of that
meeting's conclusion. Staff then rewrite them in the browser (reports.markup).
"""

from django.utils import translation
from django.utils.translation import gettext as _

from khoagiao.documents import official_name
from meetings.models import Conclusion, Meeting, MeetingReport
from organizations.models import KhoiMembership

from .markup import bullet


def reviewing_giao_ban(period):
    return Meeting.objects.giao_ban_of(period)


def _fields_of(units, day):
    """{unit id: its first field in the Khối on `day`} (the field that groups its passage)."""
    memberships = (
        KhoiMembership.objects.active_on(day).filter(organization__in=units).prefetch_related("fields")
    )
    first = {}
    for membership in memberships:
        fields = sorted(membership.fields.all(), key=lambda f: (f.order, f.name))
        if fields:
            first.setdefault(membership.organization_id, fields[0])
    return first


def _passages(reports, attribute):
    return [(r, getattr(r, attribute).strip()) for r in reports if getattr(r, attribute).strip()]


def _grouped(passages, fields):
    groups = {}
    for report, text in passages:
        field = fields.get(report.organization_id)
        groups.setdefault(field, []).append(bullet(f"{official_name(report.organization)}: {text}"))
    ordered = sorted(groups, key=lambda f: (f is None, f.order if f else 0, f.name if f else ""))
    lines, other = [], _("Other fields")
    for field in ordered:
        lines.append(f"{field.name if field else other}:")
        lines.extend(groups[field])
    return "\n".join(lines)


def prefill(period, organization=None):
    """{"results_text", "limitations_text", "directions_text"} for a report on `period`, in
    Vietnamese whoever asks (it is the text of the document)."""
    with translation.override("vi"):
        return _prefill(period, organization)


def _prefill(period, organization):
    meeting = reviewing_giao_ban(period)
    if meeting is None:
        return {"results_text": "", "limitations_text": "", "directions_text": ""}
    reports = MeetingReport.objects.filter(meeting=meeting, submitted_at__isnull=False)
    items = meeting.task_items.select_related("lead").order_by("order", "id")
    if organization is not None:
        reports, items = reports.filter(organization=organization), items.filter(lead=organization)
    reports = list(reports.select_related("organization").order_by("organization__name"))
    fields = _fields_of([r.organization_id for r in reports], period.end)
    limitations = [
        bullet(f"{official_name(r.organization)}: {text}") for r, text in _passages(reports, "limitations")
    ]
    directions = []
    for item in items:
        directions.append(
            bullet(
                _("%(task)s (lead: %(unit)s; due %(due)s)")
                % {
                    "task": item.title.rstrip(". "),
                    "unit": official_name(item.lead),
                    "due": item.due_on.strftime("%d/%m/%Y"),
                }
            )
        )
    conclusion = Conclusion.objects.filter(meeting=meeting).first()
    if not directions and organization is None and conclusion and conclusion.text.strip():
        directions = [line.strip() for line in conclusion.text.splitlines() if line.strip()]
    return {
        "results_text": _grouped(_passages(reports, "results"), fields),
        "limitations_text": "\n".join(limitations),
        "directions_text": "\n".join(directions),
    }
