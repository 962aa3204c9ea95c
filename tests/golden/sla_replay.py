"""The reference's replay of a ticket's history: which clocks run, when the ticket pauses, and
each clock's due moment found by stepping minutes (never the portal's SLA engine or calendar).

The rules, from DOMAIN.md section 2 (and the decisions written at the top of
portal/domain/sla/ticket.py):
- filing starts the first response (of the ticket's line) and the resolution;
- a public staff reply meets the pending first response; a note meets nothing;
- waiting for the customer stops both until the customer writes; a deferral stops the
  resolution only; resolving meets the resolution and stops both until a reopen, which
  takes the resolution's mark away when the resolution was what met it;
- escalation to a line with its own reaction target starts that target from the escalation;
  the pending reaction is dropped unless it had already run out (a breach stays);
- a due moment is when the target's last counted minute ends; minutes inside a pause do not
  count; once met, later pauses no longer matter; a clock met at or before its due moment
  is met, after it breached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.golden.preset_reader import RefCalendar, RefPreset
from tests.golden.sla_reference import minute_counts

MINUTE = timedelta(minutes=1)
PAUSED_BY = {"first_response": ("waiting", "resolved"),
             "resolution": ("waiting", "resolved", "deferred")}
KINDS = tuple(PAUSED_BY)
EVENT_KINDS = ("created", "reply", "note", "waiting", "customer", "deferred", "resolved",
               "reopened", "line")
# A reference that walks minutes needs a bound: no replayed target runs longer than this.
HORIZON = timedelta(days=120)


@dataclass
class RefClock:
    kind: str
    line: str | None
    start: datetime
    minutes: int | None
    calendar: RefCalendar | None
    met_at: datetime | None = None


@dataclass
class RefPause:
    start: datetime
    end: datetime | None
    reason: str


def due_of(clock: RefClock, pauses: list[RefPause]) -> datetime | None:
    """The end of the clock's last counted minute, or None while an open pause holds it."""
    assert clock.minutes is not None and clock.calendar is not None
    applying = []
    for pause in pauses:
        if pause.reason not in PAUSED_BY[clock.kind]:
            continue
        end = pause.end
        if clock.met_at is not None:
            if pause.start >= clock.met_at:
                continue
            end = clock.met_at if end is None or end > clock.met_at else end
        applying.append((pause.start, end))
    if clock.minutes == 0:
        return clock.start
    moment, counted = clock.start.astimezone(UTC), 0
    while moment < clock.start + HORIZON:
        held = [(start, end) for start, end in applying if start <= moment
                and (end is None or moment < end)]
        if any(end is None for _, end in held):
            return None
        if not held and minute_counts(clock.calendar, moment):
            counted += 1
            if counted == clock.minutes:
                return moment + MINUTE
        moment += MINUTE
    raise AssertionError(f"{clock.kind} not due within {HORIZON}")


def replay(preset: RefPreset, tier: str, priority: int | None, level: str | None,
           events: list[tuple[str, datetime, dict]], now: datetime) -> dict[str, list[dict]]:
    """Every first-response and resolution clock of the history at `now`, in order."""
    history = sorted(((kind, at.replace(second=0, microsecond=0), data)
                      for kind, at, data in events if at <= now), key=lambda event: event[1])
    assert history and history[0][0] == "created", "a history starts with its filing"
    clocks: list[RefClock] = []
    pauses: list[RefPause] = []

    def open_pause() -> RefPause | None:
        return pauses[-1] if pauses and pauses[-1].end is None else None

    def close_pause(at: datetime) -> None:
        pause = open_pause()
        if pause is not None:
            pause.end = at

    def start(kind: str, at: datetime, line: str | None) -> None:
        target = preset.target(tier, kind, priority, level, line)
        if target is not None:
            clocks.append(RefClock(kind, line, at, target.minutes,
                                   target.calendar if target.minutes is not None else None))

    for kind, at, data in history:
        assert kind in EVENT_KINDS, kind
        pause = open_pause()
        if kind == "created":
            start("first_response", at, data.get("line"))
            start("resolution", at, None)
        elif kind == "reply":
            for clock in clocks:
                if clock.kind == "first_response" and clock.met_at is None:
                    clock.met_at = at
        elif kind in ("waiting", "deferred"):
            if pause is None or pause.reason != "resolved":
                close_pause(at)
                pauses.append(RefPause(at, None, kind))
        elif kind == "customer":
            if pause is not None and pause.reason == "waiting":
                close_pause(at)
        elif kind == "resolved":
            for clock in clocks:
                if clock.kind == "resolution" and clock.met_at is None:
                    clock.met_at = at
            close_pause(at)
            pauses.append(RefPause(at, None, "resolved"))
        elif kind == "reopened":
            if pause is not None and pause.reason == "resolved":
                for clock in clocks:
                    if clock.kind == "resolution" and clock.met_at == pause.start:
                        clock.met_at = None
            close_pause(at)
        elif kind == "line":
            line = data["line"]
            own = preset.target(tier, "first_response", priority, level, line)
            if own is None or own.line != line:
                continue
            for clock in [c for c in clocks if c.kind == "first_response" and c.met_at is None]:
                due = due_of(clock, pauses) if clock.minutes is not None else None
                if due is None or due >= at:
                    clocks.remove(clock)
            start("first_response", at, line)
    answer: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    for clock in clocks:
        answer[clock.kind].append(_state(clock, pauses, now))
    return answer


def _state(clock: RefClock, pauses: list[RefPause], now: datetime) -> dict:
    if clock.minutes is None:
        status = "met" if clock.met_at is not None else "no_guarantee"
        return {"status": status, "due": None, "line": clock.line}
    assert clock.calendar is not None
    due = due_of(clock, pauses)
    if clock.met_at is not None:
        status = "met" if due is None or clock.met_at <= due else "breached"
    elif due is None:
        status = "paused"
    else:
        status = "breached" if now > due else "running"
    shown = due.astimezone(ZoneInfo(clock.calendar.zone)).isoformat() if due else None
    return {"status": status, "due": shown, "line": clock.line}
