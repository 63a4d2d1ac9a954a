"""The audit trail of a meeting as people read it: who changed what, when, and why.

simple-history keeps a full row per change; here the rows of the meeting, its conclusion,
findings, task rows, proposals (and, for staff, the units' reports) are paired with the previous
row of the same object and turned into field-by-field differences. Every table is read with one
query whatever the length of the history, and related names are looked up in bulk.
"""

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.periods import Period
from organizations.models import Field, Organization

from .models import Conclusion, Finding, Meeting, MeetingReport, Proposal, TaskItem

# model -> (fields shown, many-to-many fields shown)
TRACKED = {
    Meeting: (
        [
            "kind",
            "title",
            "period",
            "starts_at",
            "place",
            "organizer",
            "chair_name",
            "chair_position",
            "attendees_note",
            "agenda",
            "status",
            "report_due_on",
        ],
        ["invited", "attended"],
    ),
    Conclusion: (
        [
            "status",
            "number",
            "issued_on",
            "speaker_title",
            "opening",
            "text",
            "signing_authority",
            "signer_position",
            "signer_name",
            "recipients",
        ],
        [],
    ),
    Finding: (["kind", "field", "organization", "text"], []),
    TaskItem: (["title", "lead", "due_on", "field", "task_ref"], ["cooperating"]),
    Proposal: (["content", "from_organization", "forwarded_to", "response"], []),
    MeetingReport: (["organization", "results", "limitations", "proposals", "submitted_at"], []),
}
LONG_TEXT = 120
NAMED = {
    "organizer": Organization,
    "organization": Organization,
    "lead": Organization,
    "from_organization": Organization,
    "field": Field,
}


def _records(model, meeting):
    history = model.history.model.objects.select_related("history_user")
    if model is Meeting:
        history = history.filter(id=meeting.pk)
    else:
        history = history.filter(meeting_id=meeting.pk)
    return list(history.order_by("id", "history_date", "history_id"))


def _m2m_sets(model, records, names):
    """{(history_id, field name): {organisation ids}} with one query per many-to-many field."""
    sets = defaultdict(set)
    ids = [r.history_id for r in records]
    for name in names:
        rel = model.history.model._meta.get_field(f"historical{model._meta.model_name}_{name}")
        for history_id, org_id in rel.related_model.objects.filter(history_id__in=ids).values_list(
            "history_id", "organization_id"
        ):
            sets[(history_id, name)].add(org_id)
    return sets


def _display(model, name, value, names):
    if value in (None, ""):
        return "—"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name in NAMED:
        return names[NAMED[name]].get(value, f"#{value}")
    if name == "task_ref":
        return _("task #%(id)s") % {"id": value}
    if isinstance(value, Period):
        return value.label
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _label(model, record, names):
    if model is Meeting:
        return _("Meeting")
    if model is Conclusion:
        return _("Conclusion")
    if model is MeetingReport:
        return _("Report of %(unit)s") % {"unit": names[Organization].get(record.organization_id, "?")}
    text = getattr(record, "text", None) or getattr(record, "title", None) or getattr(record, "content", "")
    short = text if len(text) <= 60 else text[:57] + "…"
    return f"{model._meta.verbose_name.capitalize()}: {short}"


def timeline(meeting, *, include_reports=False, limit=100):
    """The newest `limit` changes to the meeting and its outcome, newest first."""
    models = [Meeting, Conclusion, Finding, TaskItem, Proposal] + ([MeetingReport] if include_reports else [])
    loaded = {model: _records(model, meeting) for model in models}
    m2m = {model: _m2m_sets(model, loaded[model], TRACKED[model][1]) for model in models}
    wanted = defaultdict(set)
    for model, records in loaded.items():
        for record in records:
            for name in TRACKED[model][0]:
                if name in NAMED:
                    wanted[NAMED[name]].add(getattr(record, f"{name}_id"))
    for sets in m2m.values():
        for ids in sets.values():
            wanted[Organization] |= ids
    names = {Organization: {}, Field: {}}
    if wanted[Organization]:
        names[Organization] = {
            o.pk: o.display_name for o in Organization.objects.filter(pk__in=wanted[Organization] - {None})
        }
    if wanted[Field]:
        names[Field] = dict(Field.objects.filter(pk__in=wanted[Field] - {None}).values_list("pk", "name"))

    entries = []
    for model, records in loaded.items():
        fields, m2m_fields = TRACKED[model]
        previous = None
        for record in records:
            if previous is not None and previous.id != record.id:
                previous = None
            changes = []
            for name in fields:
                attname = f"{name}_id" if name in NAMED else name
                new = getattr(record, attname)
                old = getattr(previous, attname) if previous is not None else None
                if previous is None and record.history_type == "+" and new in (None, ""):
                    continue
                if previous is not None and old == new:
                    continue
                if record.history_type == "-":
                    continue
                old_text = _display(model, name, old, names) if previous is not None else ""
                new_text = _display(model, name, new, names)
                changes.append(
                    {
                        "field": model._meta.get_field(name).verbose_name,
                        "old": old_text,
                        "new": new_text,
                        "long": max(len(old_text), len(new_text)) > LONG_TEXT or "\n" in old_text + new_text,
                    }
                )
            for name in m2m_fields:
                now_ids = m2m[model].get((record.history_id, name), set())
                before = m2m[model].get((previous.history_id, name), set()) if previous is not None else set()
                if now_ids != before and record.history_type != "-":
                    org_names = names[Organization]
                    changes.append(
                        {
                            "field": model._meta.get_field(name).verbose_name,
                            "added": sorted(org_names.get(i, "?") for i in now_ids - before),
                            "removed": sorted(org_names.get(i, "?") for i in before - now_ids),
                        }
                    )
            reason = record.history_change_reason or ""
            if record.history_type == "~" and not changes and not reason:
                previous = record
                continue
            entries.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "object": _label(model, record, names),
                    "type": record.history_type,
                    "changes": changes,
                    "reason": reason,
                }
            )
            previous = record
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]
