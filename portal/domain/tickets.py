"""Ticket rules (DOMAIN.md sections 3 and 5): who may file, what may be attached, how a
ticket's stored history becomes its SLA events, and which moves its status allows."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from portal.domain.entitlement import Entitlement
from portal.domain.policy import Policy, Tier
from portal.domain.sla import (
    Created,
    CustomerWrote,
    Deferred,
    Event,
    LevelChanged,
    LineChanged,
    PriorityChanged,
    Reopened,
    Resolved,
    StaffReplied,
    TargetOverridden,
    WaitingForCustomer,
)

OPEN, WAITING, DEFERRED, RESOLVED, CLOSED = "open", "waiting", "deferred", "resolved", "closed"
STATUSES = (OPEN, WAITING, DEFERRED, RESOLVED, CLOSED)
ACTIVE = (OPEN, WAITING, DEFERRED)
CATEGORIES = ("question", "defect", "installation", "request")
# DOMAIN.md section 5: the reasons staff give when they defer or decline a ticket.
DEFER_REASONS = ("cannot_reproduce", "needs_information", "needs_development",
                 "license_breach", "out_of_scope", "abusive_language")
ESCALATION_PAUSE = timedelta(hours=24)


def ticket_number(year: int, sequence: int) -> str:
    """`TID-2026-000123`: the id in every mail subject."""
    return f"TID-{year}-{sequence:06d}"


# --- who may file ----------------------------------------------------------------------------
@dataclass(frozen=True)
class FilingRight:
    """Whether a person may file, under which tier, and why not when not."""

    allowed: bool
    reason: str  # "ok" | "no_organization" | "no_support" | "no_ticket_channel" | ...
    tier: Tier | None = None


def filing_right(policy: Policy, entitlement: Entitlement | None,
                 responsible: bool | None) -> FilingRight:
    """`entitlement` of the person's organization (None: they have none); `responsible`
    whether they are its responsible contact."""
    if entitlement is None:
        base = policy.tier(policy.base_tier) if policy.base_tier else None
        if base is not None and base.has_ticket_channel and base.may_file == "any":
            return FilingRight(True, "ok", base)  # iStom: free tickets for anyone
        return FilingRight(False, "no_organization", base)
    tier = entitlement.tier
    if tier is None:
        return FilingRight(False, "no_support")
    if not tier.has_ticket_channel:
        return FilingRight(False, "no_ticket_channel", tier)
    if tier.may_file == "responsible" and not responsible:
        return FilingRight(False, "not_responsible", tier)
    return FilingRight(True, "ok", tier)


# --- attachments -----------------------------------------------------------------------------
INLINE_IMAGES = ("image/jpeg", "image/gif", "image/png")
ARCHIVES = ("application/zip", "application/x-rar-compressed", "application/vnd.rar")
VIDEOS = ("video/mp4", "video/webm")


@dataclass(frozen=True)
class AttachmentRules:
    max_files: int = 10
    max_bytes: int = 10 * 1024 * 1024
    video: bool = False


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    reason: str  # "ok" | "too_large" | "bitmap" | "not_allowed" | "empty" | "too_many"
    inline: bool = False


def judge_attachment(detected: str | None, size: int, rules: AttachmentRules,
                     position: int = 0) -> Verdict:
    """Whether a file whose content was recognised as `detected` (a MIME type, None when
    unknown) may be attached; images show inline, everything else is a download."""
    if position >= rules.max_files:
        return Verdict(False, "too_many")
    if size == 0:
        return Verdict(False, "empty")
    if size > rules.max_bytes:
        return Verdict(False, "too_large")
    if detected in INLINE_IMAGES:
        return Verdict(True, "ok", inline=True)
    if detected in ARCHIVES or (rules.video and detected in VIDEOS):
        return Verdict(True, "ok")
    if detected == "image/bmp":
        return Verdict(False, "bitmap")
    return Verdict(False, "not_allowed")


# --- history and status ----------------------------------------------------------------------
@dataclass(frozen=True)
class Happening:
    """One stored timeline event as the rules read it."""

    kind: str
    at: datetime
    public: bool = True
    data: dict[str, Any] = field(default_factory=dict)


def sla_history(events: Iterable[Happening]) -> list[Event]:
    """The SLA engine's events from a ticket's timeline (notes and ratings do not count)."""
    found: list[Event] = []
    for event in events:
        kind, at, data = event.kind, event.at, event.data
        if kind == "created":
            found.append(Created(at, data.get("priority"), data.get("level"), data.get("line")))
        elif kind == "customer_message":
            found.append(CustomerWrote(at))
        elif kind == "staff_message":
            found.append(StaffReplied(at, public=event.public))
        elif kind == "priority":
            found.append(PriorityChanged(at, int(data["to"])))
        elif kind == "level":
            found.append(LevelChanged(at, str(data["to"])))
        elif kind == "line":
            found.append(LineChanged(at, str(data["to"])))
        elif kind == "override":
            found.append(TargetOverridden(at, str(data["target"]), data.get("minutes")))
        elif kind == "status":
            to = data.get("to")
            if to == WAITING:
                found.append(WaitingForCustomer(at))
            elif to == DEFERRED:
                found.append(Deferred(at, str(data.get("reason", ""))))
            elif to == RESOLVED:
                found.append(Resolved(at))
            elif to == OPEN and data.get("from") in (RESOLVED, DEFERRED, CLOSED):
                found.append(Reopened(at))
    return found


# Who may move a ticket from a status to another.
STAFF_MOVES = {OPEN: (WAITING, DEFERRED, RESOLVED, CLOSED),
               WAITING: (OPEN, DEFERRED, RESOLVED, CLOSED),
               DEFERRED: (OPEN, WAITING, RESOLVED, CLOSED), RESOLVED: (OPEN, CLOSED), CLOSED: ()}
# Work whose time is logged on a ticket (DOMAIN.md section 4: what is billed depends on it).
# update_help: help installing updates, the one work iStom bills (seed 002, 3.2).
TIME_KINDS = ("consulting", "diagnostics", "user_error", "fix", "update_help")
TARGET_OVERRIDABLE = ("first_response", "next_response", "resolution", "update_interval")
CUSTOMER_MOVES = {OPEN: (CLOSED,), WAITING: (CLOSED,), DEFERRED: (CLOSED,),
                  RESOLVED: (OPEN, CLOSED), CLOSED: ()}


def reopen_until(resolved_on: date, reopen_days: int) -> date:
    """The last day a resolved ticket may be reopened (calendar days after resolution)."""
    return resolved_on + timedelta(days=reopen_days)


def may_reopen(status: str, resolved_on: date | None, reopen_days: int, today: date) -> bool:
    return (status == RESOLVED and resolved_on is not None
            and today <= reopen_until(resolved_on, reopen_days))


def may_escalate(status: str, last_escalated: datetime | None, now: datetime) -> bool:
    """To the head of support, while the ticket is worked, at most once a day."""
    return status in ACTIVE and (last_escalated is None
                                 or now - last_escalated >= ESCALATION_PAUSE)


def valid_rating(score: object) -> bool:
    return isinstance(score, int) and not isinstance(score, bool) and 1 <= score <= 5
