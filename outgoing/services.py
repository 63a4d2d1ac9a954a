"""Numbering from the register of outgoing documents (outgoing.models).

`number_take` is called inside the service that authorized its caller and approves a document
(reports.services.report_approve, meetings.services.conclusion_approve): it is not a service of its own.
"""

from django.db import transaction

from organizations.access import user_of

from .models import Counter, Entry


def printed(sequence, doc_type, symbol):
    """ "3-BC/BTGDVTU": the number as the Party's layout prints it."""
    return f"{sequence}-{doc_type}/{symbol}" if symbol else f"{sequence}-{doc_type}"


def number_take(*, doc_type, day, symbol, summary, by, signer_name="", recipients=(), **source):
    """The next number of `doc_type` for `day`'s year, registered for `source` (report=... or
    conclusion=...). Must run inside the caller's transaction: the counter row stays
    locked until it commits, so numbers are unique and, as a rolled back approval gives its
    number back, gap-free."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_take must run inside the approval's transaction")
    year = day.year
    # The first number of a year makes its counter; two at once: one insert wins, both then lock it.
    Counter.objects.bulk_create([Counter(year=year, doc_type=doc_type)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(year=year, doc_type=doc_type)
    counter.last += 1
    counter.save(update_fields=["last"])
    return Entry.objects.create(
        year=year,
        doc_type=doc_type,
        sequence=counter.last,
        number=printed(counter.last, doc_type, symbol),
        issued_on=day,
        summary=summary,
        signer_name=signer_name,
        recipients="\n".join(recipients),
        created_by=user_of(by),
        **source,
    )
