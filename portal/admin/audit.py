"""The audit log: a row for every staff change to a contract, a license, a price or a role,
written in the change's own transaction (a rolled-back change leaves no row)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

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


@dataclass(frozen=True)
class AuditFilter:
    kind: str = ""
    actor: int | None = None
    first: date | None = None
    last: date | None = None


def entries(chosen: AuditFilter, limit: int = 200) -> list[AuditEntry]:
    """The newest entries matching the filter (dates are whole UTC days, both included)."""
    query = AuditEntry.select()
    if chosen.kind:
        query = query.where(AuditEntry.kind == chosen.kind)
    if chosen.actor is not None:
        query = query.where(AuditEntry.actor == chosen.actor)
    if chosen.first is not None:
        query = query.where(AuditEntry.at >= datetime.combine(chosen.first, datetime.min.time()))
    if chosen.last is not None:
        query = query.where(AuditEntry.at < datetime.combine(chosen.last, datetime.max.time()))
    return list(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))


def actors() -> list[tuple[int, str]]:
    """Everyone who has an entry, by name."""
    rows = (AuditEntry.select(AuditEntry.actor, AuditEntry.actor_name)
            .where(AuditEntry.actor.is_null(False)).distinct().tuples())
    return sorted({(actor, name) for actor, name in rows}, key=lambda pair: pair[1])
