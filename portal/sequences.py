"""Numbers that run 1, 2, 3 ... within a year per kind (invoices, tickets), never repeating.

The number is taken inside the caller's transaction: when that transaction rolls back, the
number is given back, so a year's numbers neither repeat nor skip. PostgreSQL holds the row's
lock until commit, so concurrent writers queue; SQLite has a single writer anyway.
"""
from __future__ import annotations

from peewee import CharField, CompositeKey, IntegerField, IntegrityError

from portal.db import BaseModel, db


class NumberSequence(BaseModel):
    """The last number given for (kind, year)."""

    kind = CharField(max_length=16)
    year = IntegerField()
    last = IntegerField(default=0)

    class Meta:
        table_name = "number_sequence"
        primary_key = CompositeKey("kind", "year")


def next_number(kind: str, year: int) -> int:
    """The next number of `kind` in `year` (call inside the transaction that uses it)."""
    where = (NumberSequence.kind == kind) & (NumberSequence.year == year)
    if NumberSequence.get_or_none(where) is None:
        try:
            with db.atomic():
                NumberSequence.create(kind=kind, year=year, last=0)
        except IntegrityError:
            pass  # another writer created the year's row first
    NumberSequence.update(last=NumberSequence.last + 1).where(where).execute()
    return NumberSequence.get(where).last
