"""The policy pages' data: the tier comparison and the SLA preview (no Flask here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.domain.calendar import Calendar
from portal.domain.policy import (
    TARGET_KINDS,
    CustomerZoned,
    Level,
    Line,
    Policy,
    Priority,
    Target,
    Text,
    Tier,
)
from portal.domain.sla import ClockState, Created, ticket_sla

SELECTOR_NAMES = ("priority", "level", "line")


# --- the comparison table --------------------------------------------------------------------
@dataclass(frozen=True)
class TargetRow:
    """One target kind for one combination of selectors, with each tier's target."""

    kind: str
    priority: Priority | None
    level: Level | None
    line: Line | None
    cells: tuple[Target | None, ...]


@dataclass(frozen=True)
class TierTable:
    """Everything /tiers shows about a policy, in the order of its tiers."""

    policy: Policy
    tiers: tuple[Tier, ...]
    seed_rows: tuple[tuple[Text, tuple[Text | None, ...]], ...]
    target_rows: tuple[TargetRow, ...]
    calendars: tuple[tuple[tuple[str, Calendar], ...], ...]
    notes: tuple[Text, ...]


def _selector_key(policy: Policy, combo: tuple[int | None, str | None, str | None]) -> tuple:
    priority, level, line = combo
    levels = [lv.code for lv in policy.levels]
    lines = [ln.code for ln in policy.lines]
    return (priority or 0, levels.index(level) + 1 if level in levels else 0,
            lines.index(line) + 1 if line in lines else 0)


def target_rows(policy: Policy) -> tuple[TargetRow, ...]:
    """A row per target kind and per selector combination the preset names."""
    rows = []
    for kind in TARGET_KINDS:
        combos = {(t.priority, t.level, t.line) for t in policy.targets if t.kind == kind}
        if not combos:
            continue
        # A target without selectors is the fallback of the others: rows follow the specific ones.
        named = sorted((c for c in combos if c != (None, None, None)),
                       key=lambda c: _selector_key(policy, c))
        for priority, level, line in named or [(None, None, None)]:
            rows.append(TargetRow(
                kind=kind,
                priority=next((p for p in policy.priorities if p.number == priority), None),
                level=policy.level(level) if level else None,
                line=policy.line(line) if line else None,
                cells=tuple(policy.target(tier.code, kind, priority, level, line)
                            for tier in policy.tiers),
            ))
    return tuple(rows)


def _tier_calendars(policy: Policy, tier: Tier) -> tuple[tuple[str, Calendar], ...]:
    """The tier's service hours (none for a tier without tickets): its own service_hours
    calendar or those its reactions count in; how a target counts is said in its own cell."""
    if not tier.has_ticket_channel:
        return ()
    return tuple((name, policy.calendars[name]) for name in policy.service_calendars(tier)
                 if name in policy.calendars)


def tier_table(policy: Policy) -> TierTable:
    """The comparison of a policy's tiers: the seed's own rows, then what the portal counts."""
    seed_rows = []
    for label in policy.comparison_labels:
        values = tuple(next((row.value for row in tier.rows if row.label == label), None)
                       for tier in policy.tiers)
        seed_rows.append((label, values))
    notes = list(policy.assumptions)
    # Warranty notes explain choices too; a target's note is shown in its own cell instead,
    # where it is read with the target it qualifies.
    for note in [w.note for w in policy.warranty]:
        if note is not None and note not in notes:
            notes.append(note)
    return TierTable(
        policy=policy, tiers=policy.tiers, seed_rows=tuple(seed_rows),
        target_rows=target_rows(policy),
        calendars=tuple(_tier_calendars(policy, tier) for tier in policy.tiers),
        notes=tuple(notes),
    )


def used_selectors(policy: Policy) -> tuple[str, ...]:
    """The selectors (priority, level, line) some target of the policy depends on."""
    return tuple(name for name in SELECTOR_NAMES
                 if any(getattr(t, name) is not None for t in policy.targets))


# --- the live preview ------------------------------------------------------------------------
@dataclass(frozen=True)
class Preview:
    """A ticket filed now on a tier: when its first answer and its resolution are due."""

    tier: Tier
    filed_at: datetime
    viewer_zone: str
    needed: tuple[str, ...]
    first_response: ClockState | None
    resolution: ClockState | None
    level_not_offered: Level | None = None


def preview(policy: Policy, tier_code: str, filed_at: datetime, viewer_zone: str,
            priority: int | None = None, level: str | None = None,
            line: str | None = None) -> Preview | None:
    """The due moments of a ticket filed at `filed_at`; None for an unknown tier."""
    tier = policy.tier(tier_code)
    if tier is None:
        return None
    chosen_level = policy.level(level) if level else None
    not_offered = None
    if chosen_level is not None and chosen_level.tiers and tier.code not in chosen_level.tiers:
        not_offered, level = chosen_level, None
    needed = tuple(dict.fromkeys(
        name for kind in ("first_response", "resolution")
        for name in policy.needed_selectors(tier.code, kind, priority, level, line)))
    if needed:
        return Preview(tier, filed_at, viewer_zone, needed, None, None, not_offered)
    source = CustomerZoned(policy, viewer_zone)
    sla = ticket_sla(source, tier.code, [Created(filed_at, priority, level, line)], filed_at)
    return Preview(tier, filed_at, viewer_zone, (), sla.current("first_response"),
                   sla.current("resolution"), not_offered)
