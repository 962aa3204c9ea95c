"""SLA properties: without pauses a due moment is the calendar's add(); pauses never bring it closer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.domain.calendar import Calendar, parse_window
from portal.domain.policy import Policy, Target, Text
from portal.domain.sla import (
    Created,
    CustomerWrote,
    Deferred,
    Pause,
    Reopened,
    StaffReplied,
    WaitingForCustomer,
    ticket_sla,
    walk,
)

CALENDARS = {
    "window": Calendar(windows=(parse_window("10:00-13:00"), parse_window("14:00-19:00"))),
    "working-days": Calendar(counting="working-days"),
    "always": Calendar(counting="always", holiday_country=None),
    "berlin": Calendar(zone="Europe/Berlin", windows=(parse_window("08:00-17:00"),),
                       holiday_country="DE"),
}
BASE = datetime(2025, 1, 1, tzinfo=UTC)


def policy_for(calendar: Calendar, minutes: int) -> Policy:
    targets = tuple(
        Target(kind=kind, tiers=("t",), minutes=minutes, calendar=calendar, calendar_name="c",
               amount=minutes, unit="minutes")
        for kind in ("first_response", "resolution")
    )
    return Policy(code="p", vendor=Text("", ""), currency="RUB", tiers=(), priorities=(),
                  levels=(), lines=(), targets=targets, calendars={}, warranty=(), products=(),
                  at_risk_ratio=Decimal("0.75"), compliance_bar=Decimal("0.9"), auto_close_days=7)


calendar_names = st.sampled_from(sorted(CALENDARS))
# Starts over two years, seconds included: events are not minute-aligned in real life.
starts = st.integers(0, 2 * 366 * 24 * 3600).map(lambda s: BASE + timedelta(seconds=s))
minute_starts = st.integers(0, 2 * 366 * 24 * 60).map(lambda m: BASE + timedelta(minutes=m))
target_minutes = st.integers(1, 6000)
# Gaps before a pause and pause lengths, in seconds.
pause_plan = st.lists(st.tuples(st.integers(0, 5 * 24 * 3600), st.integers(1, 3 * 24 * 3600)),
                      max_size=5)


@settings(max_examples=150, deadline=None)
@given(calendar_names, starts, target_minutes)
def test_without_pauses_every_due_moment_is_the_calendars_add(name, start, minutes):
    calendar = CALENDARS[name]
    now = start + timedelta(days=1)
    result = ticket_sla(policy_for(calendar, minutes), "t", [Created(start)], now)
    expected = calendar.add(start.replace(second=0), minutes)
    assert result.current("first_response").due == expected
    assert result.current("resolution").due == expected
    assert walk(calendar, start, minutes, []).due == calendar.add(start, minutes)


def _paused_history(start: datetime, plan, stop_kind: str):
    """Created, then pauses of `stop_kind` per the plan, each closed again."""
    events: list = [Created(start), StaffReplied(start + timedelta(seconds=1))]
    at = start + timedelta(seconds=1)
    for gap, length in plan:
        at += timedelta(seconds=gap + 1)
        if stop_kind == "waiting":
            events += [WaitingForCustomer(at), CustomerWrote(at + timedelta(seconds=length))]
        else:
            events += [Deferred(at), Reopened(at + timedelta(seconds=length))]
        at += timedelta(seconds=length)
    return events, at


@settings(max_examples=150, deadline=None)
@given(calendar_names, starts, target_minutes, pause_plan, st.sampled_from(["waiting", "deferred"]))
def test_pausing_never_makes_a_due_moment_earlier(name, start, minutes, plan, stop_kind):
    calendar = CALENDARS[name]
    policy = policy_for(calendar, minutes)
    events, last = _paused_history(start, plan, stop_kind)
    now = last + timedelta(days=400)
    paused = ticket_sla(policy, "t", events, now).current("resolution")
    unpaused = ticket_sla(policy, "t", [Created(start)], now).current("resolution")
    assert paused.due is not None and unpaused.due is not None
    assert paused.due >= unpaused.due


@settings(max_examples=150, deadline=None)
@given(calendar_names, minute_starts, target_minutes, pause_plan)
def test_pauses_delay_a_due_moment_by_exactly_their_counted_minutes(name, start, minutes, plan):
    calendar = CALENDARS[name]
    pauses, at = [], start
    for gap, length in plan:  # whole minutes, as ticket_sla passes them
        at += timedelta(minutes=gap // 60 + 1)
        pauses.append(Pause(at, at + timedelta(minutes=length // 60 + 1), "waiting"))
        at = pauses[-1].end
    due = walk(calendar, start, minutes, pauses).due
    assert due is not None
    paused = sum(calendar.minutes_between(p.start, min(p.end, due)) for p in pauses
                 if p.start < due)
    assert calendar.minutes_between(start, due) == minutes + paused
