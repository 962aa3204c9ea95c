"""The audit log's table and its writer: every staff change to a contract, a license, a price
or a role, with who, when and the values before and after (JSON), written in the change's own
transaction (a rolled-back change leaves no row). Administration (portal.admin) writes it and
reads it; billing writes it when staff confirm a payment that changes contracts and licenses."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from peewee import AutoField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.accounts.models import User
from portal.clock import as_stored
from portal.db import BaseModel

KINDS = ("contract", "license", "price", "role")
ACTIONS = ("create", "update", "delete")


class AuditEntry(BaseModel):
    id = AutoField()
    at = DateTimeField(index=True)
    actor = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    actor_name = CharField(max_length=200, default="")  # kept when the account goes
    kind = CharField(max_length=16)
    object_id = IntegerField(null=True)
    action = CharField(max_length=16)
    summary = CharField(max_length=300, default="")
    before = TextField(default="{}")
    after = TextField(default="{}")

    class Meta:
        table_name = "audit_entry"
        indexes = ((("kind", "at"), False), (("actor", "at"), False))

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before, after = json.loads(self.before or "{}"), json.loads(self.after or "{}")
        return [(name, before.get(name), after.get(name)) for name in sorted(before | after)
                if before.get(name) != after.get(name)]


def _plain(values: dict) -> str:
    def default(value):
        if isinstance(value, date | datetime):
            return value.isoformat()
        return str(value)

    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=default)


def record(actor: User, kind: str, object_id: int | None, action: str, summary: str,
           before: dict | None, after: dict | None, now: datetime) -> AuditEntry:
    if kind not in KINDS or action not in ACTIONS:
        raise ValueError(f"unknown audit entry {kind}/{action}")
    return AuditEntry.create(at=as_stored(now), actor=actor, actor_name=actor.name, kind=kind,
                             object_id=object_id, action=action, summary=summary[:300],
                             before=_plain(before or {}), after=_plain(after or {}))


def contract_facts(contract) -> dict:
    """What the log keeps of a support contract."""
    return {"tier": contract.tier, "kind": contract.kind, "first_day": contract.first_day,
            "last_day": contract.last_day, "product": contract.product,
            "version": contract.version,
            "annual_price": format(Decimal(contract.annual_price or 0), ".2f")}


def license_facts(found) -> dict:
    """What the log keeps of a license."""
    return {"product": found.product, "edition": found.edition, "quantity": found.quantity,
            "kind": found.kind, "purchased_on": found.purchased_on, "version": found.version,
            "license_key": found.license_key}


def record_changes(actor: User, kind: str, before: dict[int, dict], after: dict[int, dict],
                   summary: str, now: datetime) -> int:
    """Entries for what differs between two snapshots {id: facts}: added, changed, removed."""
    written = 0
    for object_id in sorted(before.keys() | after.keys()):
        old, new = before.get(object_id), after.get(object_id)
        if _plain(old or {}) == _plain(new or {}):
            continue
        action = "create" if old is None else "delete" if new is None else "update"
        record(actor, kind, object_id, action, summary, old, new, now)
        written += 1
    return written
