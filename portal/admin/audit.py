"""Reading the audit log (portal/audit.py keeps the table and writes it): filtered by what
changed, who changed it and the day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portal.audit import ACTIONS, KINDS, AuditEntry, record  # noqa: F401 - the admin's face


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
