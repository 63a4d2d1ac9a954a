"""Audit history for people: simple-history records turned into "who, when, what changed".

`history_entries(records)` gives the entries an object's page shows (newest first);
`changes_since(obj, version)` tells the second of two editors what the first one changed
(optimistic locking, docs/operations.md G22). Both read the history tables in a fixed number of
queries, however many records there are: one for the records, one per many-to-many field, one per
related model named in them.
"""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .periods import Period

# Bookkeeping columns nobody needs to read in a history.
DEFAULT_EXCLUDED = frozenset({"id", "search_text", "version", "created_at", "updated_at", "created_by"})
TEXT_LIMIT = 160


@dataclass
class Change:
    label: str
    old: str
    new: str

    @property
    def long(self):
        """Texts too long to read inline: the page folds them away, whole."""
        return max(len(self.old), len(self.new)) > TEXT_LIMIT or "\n" in self.old + self.new


@dataclass
class Entry:
    when: object
    who: str
    action: str  # "created", "changed", "deleted", "reminded" (a reminder step, notices/ladder.py)
    subject: str = ""
    changes: list = field(default_factory=list)
    reason: str = ""  # why, when the change was made with one (reopening an approved conclusion)

    @property
    def action_label(self):
        return {
            "created": _("created"),
            "changed": _("changed"),
            "deleted": _("deleted"),
            "reminded": _("reminded"),
        }[self.action]


def _tracked_fields(history_model, excluded):
    """The instance model's own concrete fields, as the history model copies them."""
    model = history_model.instance_type
    names = []
    for f in model._meta.concrete_fields:
        if f.name in excluded or not f.editable:
            continue
        try:
            history_model._meta.get_field(f.name)
        except FieldDoesNotExist:  # excluded from the history by the model itself
            continue
        names.append(f)
    return names


def _m2m_values(history_model, record_ids):
    """{m2m field name: {history_id: frozenset(target ids)}} in one query per field."""
    result = {}
    for m2m in getattr(history_model, "_history_m2m_fields", []):
        # simple-history puts a manager of the m2m history model under the field's name
        through = getattr(history_model, m2m.name).model
        target = m2m.m2m_reverse_field_name()
        values = {}
        rows = through.objects.filter(history_id__in=record_ids).values_list("history_id", f"{target}_id")
        for history_id, target_id in rows:
            values.setdefault(history_id, set()).add(target_id)
        result[m2m.name] = (m2m, {k: frozenset(v) for k, v in values.items()})
    return result


class _Formatter:
    """Turns raw stored values into what a reader understands, looking related rows up in bulk."""

    def __init__(self):
        self.wanted = {}
        self.names = {}

    def want(self, model, pk):
        if pk is not None:
            self.wanted.setdefault(model, set()).add(pk)

    def load(self):
        for model, pks in self.wanted.items():
            self.names[model] = {obj.pk: _name(obj) for obj in model._default_manager.filter(pk__in=pks)}

    def related(self, model, pk):
        if pk is None:
            return "—"
        return self.names.get(model, {}).get(pk) or _("(deleted #%(pk)s)") % {"pk": pk}

    def value(self, f, raw):
        if raw is None or raw == "":
            return "—"
        if f.is_relation:
            return self.related(f.related_model, raw)
        if f.choices:
            return str(dict(f.flatchoices).get(raw, raw))
        if isinstance(f, models.BooleanField):
            return _("yes") if raw else _("no")
        if isinstance(f, models.DateTimeField):
            return formats.date_format(raw, "SHORT_DATETIME_FORMAT")
        if isinstance(f, models.DateField):
            return formats.date_format(raw, "SHORT_DATE_FORMAT")
        if isinstance(raw, Period):
            return raw.label
        return str(raw)

    def many(self, f, pks):
        if not pks:
            return "—"
        return ", ".join(sorted(self.related(f.related_model, pk) for pk in pks))


def _name(obj):
    """How a related row reads: a person by full name, anything else as itself."""
    full_name = getattr(obj, "get_full_name", None)
    return (full_name() if full_name else "") or str(obj)


def _who(record):
    user = record.history_user
    if user is None:
        return _("the system")
    name = _name(user)
    org = getattr(user, "organization", None)
    return f"{name} ({org.display_name})" if org else name


class _Snapshots:
    def __init__(self, records, excluded):
        self.records = records
        self.history_model = type(records[0]) if records else None
        self.fields = _tracked_fields(self.history_model, excluded) if records else []
        self.m2m = _m2m_values(self.history_model, [r.history_id for r in records]) if records else {}
        self.formatter = _Formatter()
        for record in records:
            for f in self.fields:
                if f.is_relation:
                    self.formatter.want(f.related_model, getattr(record, f.attname))
            for m2m, values in self.m2m.values():
                for pk in values.get(record.history_id, ()):
                    self.formatter.want(m2m.related_model, pk)

    def diff(self, old, new):
        changes = []
        for f in self.fields:
            before, after = getattr(old, f.attname), getattr(new, f.attname)
            if before != after:
                changes.append(
                    Change(
                        capfirst(str(f.verbose_name)),
                        self.formatter.value(f, before),
                        self.formatter.value(f, after),
                    )
                )
        for m2m, values in self.m2m.values():
            before = values.get(old.history_id, frozenset())
            after = values.get(new.history_id, frozenset())
            if before != after:
                changes.append(
                    Change(
                        capfirst(str(m2m.verbose_name)),
                        self.formatter.many(m2m, before),
                        self.formatter.many(m2m, after),
                    )
                )
        return changes


def _same_save(before, record):
    """The record continues the creation `before` (same person, within a few seconds)."""
    return (
        before.history_type == "+"
        and before.history_user_id == record.history_user_id
        and (record.history_date - before.history_date).total_seconds() < 5
    )


def history_entries(records, *, subject=None, excluded=DEFAULT_EXCLUDED):
    """Entries for the history records of one model (one or many objects), newest first.

    `records` is a queryset of historical records; `subject(record)` names the object an entry is
    about when several objects share one history list (an agreement's items)."""
    records = list(
        records.select_related("history_user__organization").order_by("history_date", "history_id")
    )
    if not records:
        return []
    snaps = _Snapshots(records, excluded)
    snaps.formatter.load()
    entries, previous, created = [], {}, {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        label = subject(record) if subject else ""
        reason = record.history_change_reason or ""
        if record.history_type == "+" or before is None:
            created[record.id] = Entry(record.history_date, _who(record), "created", label, reason=reason)
            entries.append(created[record.id])
        elif record.history_type == "-":
            entries.append(Entry(record.history_date, _who(record), "deleted", label, reason=reason))
        else:
            changes = snaps.diff(before, record)
            if changes and _same_save(before, record) and record.id in created:
                # many-to-many values set right after the row was created belong to the creation
                created[record.id].changes.extend(changes)
            elif changes or reason:  # a many-to-many save that changed nothing writes a record too
                entries.append(Entry(record.history_date, _who(record), "changed", label, changes, reason))
    entries.reverse()
    return entries


def merge_entries(*lists):
    """Several objects' entries as one list, newest first."""
    merged = [entry for entries in lists for entry in entries]
    merged.sort(key=lambda entry: entry.when, reverse=True)
    return merged


def changes_since(obj, version, *, excluded=DEFAULT_EXCLUDED):
    """What changed in `obj` after it was loaded at `version`: (changes, people), or None when
    the history cannot tell (then the caller says only that someone else saved first)."""
    history = obj.history.order_by("-history_date", "-history_id")
    loaded = history.filter(version=version).first()
    latest = history.first()
    if loaded is None or latest is None:
        return None
    later = list(history.filter(version__gt=version).select_related("history_user__organization"))
    snaps = _Snapshots([loaded, latest], excluded)
    snaps.formatter.load()
    people = []
    for record in reversed(later):
        name = _who(record)
        if name not in people:
            people.append(name)
    return snaps.diff(loaded, latest), people
