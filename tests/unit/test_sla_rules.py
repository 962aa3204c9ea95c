"""SLA of a ticket: one test per rule of DOMAIN.md section 2 (and the decisions in sla.py)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from portal.domain.calendar import Calendar, parse_window
from portal.domain.policy import Policy, Target, Text
from portal.domain.sla import (
    Created,
    CustomerWrote,
    Deferred,
    LevelChanged,
    LineChanged,
    PriorityChanged,
    Reopened,
    Resolved,
    StaffReplied,
    TargetOverridden,
    WaitingForCustomer,
    ticket_sla,
)

MOSCOW = ZoneInfo("Europe/Moscow")
OFFICE = Calendar(windows=(parse_window("09:00-18:00"),))  # Mon-Fri, RU holidays
ALWAYS = Calendar(counting="always", holiday_country=None)


def target(kind: str, minutes: int | None, calendar: Calendar = OFFICE, **selectors) -> Target:
    return Target(kind=kind, tiers=("std",), minutes=minutes, calendar=calendar,
                  calendar_name="office" if calendar is OFFICE else "always",
                  amount=minutes, unit="minutes" if minutes else "none", **selectors)


def make_policy(*targets: Target) -> Policy:
    return Policy(code="test", vendor=Text("Тест", "Test"), currency="RUB", tiers=(),
                  priorities=(), levels=(), lines=(), targets=targets, calendars={},
                  warranty=(), products=(), at_risk_ratio=Decimal("0.75"),
                  compliance_bar=Decimal("0.9"), auto_close_days=7)


POLICY = make_policy(
    target("first_response", 60, priority=1),
    target("first_response", 240, priority=2),
    target("first_response", 480, priority=3),
    target("first_response", 960, priority=4),
    target("first_response", 240, line="l2"),
    target("first_response", 30, level="urgent"),
    target("first_response", 120, level="standard"),
    target("next_response", 120),
    target("resolution", 480, ALWAYS, priority=1),
    target("resolution", 1080, priority=2),
    target("resolution", 2700, priority=3),
    target("resolution", None, priority=4),
    target("update_interval", 960),
)


def msk(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of February 2026 in Moscow; 2026-02-02 is a Monday."""
    return datetime(2026, 2, day, hour, minute, tzinfo=MOSCOW)


MONDAY = 2


def sla(*events, now: datetime, ratio: Decimal | None = None):
    return ticket_sla(POLICY, "std", events, now, at_risk_ratio=ratio)


def test_first_response_is_due_after_the_targets_counted_minutes():
    result = sla(Created(msk(MONDAY, 17), priority=2), now=msk(MONDAY, 17, 5))
    clock = result.current("first_response")
    assert clock.status == "running"
    assert clock.due == msk(MONDAY + 1, 12)  # 1 h on Monday, 3 h on Tuesday from 9:00
    assert clock.minutes_left == 235


def test_a_public_staff_reply_meets_the_first_response_and_an_internal_note_does_not():
    created = Created(msk(MONDAY, 10), priority=1)
    internal = sla(created, StaffReplied(msk(MONDAY, 10, 20), public=False), now=msk(MONDAY, 10, 30))
    assert internal.current("first_response").status == "running"
    public = sla(created, StaffReplied(msk(MONDAY, 10, 40)), now=msk(MONDAY, 12))
    clock = public.current("first_response")
    assert (clock.status, clock.met_at, clock.minutes_left) == ("met", msk(MONDAY, 10, 40), None)


def test_a_late_reply_is_a_breach_and_an_overdue_target_counts_negative_minutes():
    created = Created(msk(MONDAY, 10), priority=1)
    late = sla(created, StaffReplied(msk(MONDAY, 11, 30)), now=msk(MONDAY, 12))
    assert late.current("first_response").status == "breached"
    assert late.breached
    overdue = sla(created, now=msk(MONDAY, 11, 45)).current("first_response")
    assert (overdue.status, overdue.minutes_left) == ("breached", -45)


def test_waiting_for_the_customer_stops_the_clock_and_their_reply_resumes_it():
    events = [Created(msk(MONDAY, 10), priority=1), StaffReplied(msk(MONDAY, 10, 30)),
              WaitingForCustomer(msk(MONDAY, 11)), CustomerWrote(msk(MONDAY, 13))]
    waiting = sla(*events[:3], now=msk(MONDAY, 12)).current("resolution")
    assert (waiting.status, waiting.due, waiting.minutes_left) == ("paused", None, 420)
    resumed = sla(*events, now=msk(MONDAY, 14)).current("resolution")
    assert resumed.due == msk(MONDAY, 20)  # 8 h around the clock plus the 2 h of waiting


def test_a_paused_ticket_has_nothing_coming_due():
    result = sla(Created(msk(MONDAY, 10), priority=1), StaffReplied(msk(MONDAY, 10, 30)),
                 Resolved(msk(MONDAY, 11)), now=msk(MONDAY, 12))
    assert result.paused and result.pause_reason == "resolved"
    assert result.next_change_at is None


def test_resolving_meets_the_resolution_and_reopening_resumes_it():
    events = [Created(msk(MONDAY, 10), priority=1), StaffReplied(msk(MONDAY, 10, 30)),
              Resolved(msk(MONDAY, 12)), Reopened(msk(MONDAY, 15))]
    resolved = sla(*events[:3], now=msk(MONDAY, 13)).current("resolution")
    assert (resolved.status, resolved.met_at, resolved.due) == ("met", msk(MONDAY, 12),
                                                                 msk(MONDAY, 18))
    reopened = sla(*events, now=msk(MONDAY, 16)).current("resolution")
    assert (reopened.status, reopened.due) == ("running", msk(MONDAY, 21))
    late = sla(*events, Resolved(msk(MONDAY, 22)), now=msk(MONDAY, 23)).current("resolution")
    assert (late.status, late.met_at) == ("breached", msk(MONDAY, 22))


def test_a_priority_change_recomputes_open_targets_from_the_start():
    events = [Created(msk(MONDAY, 10), priority=3), PriorityChanged(msk(MONDAY, 10, 30), 1)]
    clock = sla(*events, now=msk(MONDAY, 10, 40)).current("first_response")
    assert clock.due == msk(MONDAY, 11) and clock.started_at == msk(MONDAY, 10)
    assert sla(*events, now=msk(MONDAY, 11, 30)).current("first_response").status == "breached"


def test_a_target_met_before_a_priority_change_stays_met():
    result = sla(Created(msk(MONDAY, 10), priority=3), StaffReplied(msk(MONDAY, 12)),
                 PriorityChanged(msk(MONDAY, 13), 1), now=msk(MONDAY, 14))
    assert result.current("first_response").status == "met"


def test_a_level_change_recomputes_from_the_start():
    events = [Created(msk(MONDAY, 10), level="standard"), LevelChanged(msk(MONDAY, 10, 5), "urgent")]
    assert sla(*events[:1], now=msk(MONDAY, 10, 5)).current("first_response").due == msk(MONDAY, 12)
    assert sla(*events, now=msk(MONDAY, 10, 10)).current("first_response").due == msk(MONDAY, 10, 30)


def test_lowering_p1_to_p3_meets_the_p1_resolution_and_starts_p3s():
    result = sla(Created(msk(MONDAY, 10), priority=1), StaffReplied(msk(MONDAY, 10, 15)),
                 PriorityChanged(msk(MONDAY, 14), 3), now=msk(MONDAY, 15))
    p1, p3 = [c for c in result.clocks if c.kind == "resolution"]
    assert (p1.status, p1.met_at, p1.due) == ("met", msk(MONDAY, 14), msk(MONDAY, 18))
    assert (p3.status, p3.started_at) == ("running", msk(MONDAY, 14))
    assert p3.due == OFFICE.add(msk(MONDAY, 14), 2700)


def test_lowering_p1_after_its_resolution_ran_out_is_still_a_breach():
    result = sla(Created(msk(MONDAY, 10), priority=1), PriorityChanged(msk(MONDAY, 19), 4),
                 now=msk(MONDAY, 20))
    p1 = next(c for c in result.clocks if c.kind == "resolution")
    assert p1.status == "breached"


def test_lowering_p1_to_p2_recomputes_from_the_start_instead():
    result = sla(Created(msk(MONDAY, 10), priority=1), PriorityChanged(msk(MONDAY, 14), 2),
                 now=msk(MONDAY, 15))
    resolutions = [c for c in result.clocks if c.kind == "resolution"]
    assert len(resolutions) == 1
    assert resolutions[0].due == OFFICE.add(msk(MONDAY, 10), 1080)


def test_escalation_starts_the_lines_reaction_target_from_the_escalation():
    result = sla(Created(msk(MONDAY, 10), priority=3, line="l1"), StaffReplied(msk(MONDAY, 10, 30)),
                 LineChanged(msk(MONDAY, 12), "l2"), now=msk(MONDAY, 13))
    reactions = [c for c in result.clocks if c.kind == "first_response"]
    assert [c.status for c in reactions] == ["met", "running"]
    assert (reactions[1].started_at, reactions[1].due, reactions[1].line) == (
        msk(MONDAY, 12), msk(MONDAY, 16), "l2")


def test_escalation_replaces_a_pending_reaction_but_keeps_a_breach():
    pending = sla(Created(msk(MONDAY, 10), priority=3), LineChanged(msk(MONDAY, 12), "l2"),
                  now=msk(MONDAY, 13))
    assert [c.due for c in pending.clocks if c.kind == "first_response"] == [msk(MONDAY, 16)]
    overdue = sla(Created(msk(MONDAY, 10), priority=1), LineChanged(msk(MONDAY, 12), "l2"),
                  now=msk(MONDAY, 13))
    assert [c.status for c in overdue.clocks if c.kind == "first_response"] == [
        "breached", "running"]


def test_escalation_to_a_line_without_its_own_target_restarts_nothing():
    result = sla(Created(msk(MONDAY, 10), priority=3), LineChanged(msk(MONDAY, 12), "l3"),
                 now=msk(MONDAY, 13))
    assert [c.started_at for c in result.clocks if c.kind == "first_response"] == [msk(MONDAY, 10)]


def test_each_follow_up_of_the_customer_gets_the_next_response_limit():
    events = [Created(msk(MONDAY, 10), priority=3), CustomerWrote(msk(MONDAY, 10, 5)),
              StaffReplied(msk(MONDAY, 11)), CustomerWrote(msk(MONDAY, 12)),
              CustomerWrote(msk(MONDAY, 12, 30))]
    result = sla(*events, now=msk(MONDAY, 13))
    follow_ups = [c for c in result.clocks if c.kind == "next_response"]
    assert [(c.started_at, c.due) for c in follow_ups] == [(msk(MONDAY, 12), msk(MONDAY, 14))]
    answered = sla(*events, StaffReplied(msk(MONDAY, 13, 30)), now=msk(MONDAY, 14))
    assert answered.current("next_response").status == "met"


def test_an_override_replaces_one_target_of_the_ticket():
    events = [Created(msk(MONDAY, 10), priority=2),
              TargetOverridden(msk(MONDAY, 11), "resolution", 60 * 20, ALWAYS)]
    result = sla(*events, now=msk(MONDAY, 12))
    clock = result.current("resolution")
    assert (clock.due, clock.overridden) == (msk(MONDAY + 1, 6), True)
    assert result.current("first_response").due == msk(MONDAY, 14)  # untouched
    none = sla(Created(msk(MONDAY, 10), priority=2),
               TargetOverridden(msk(MONDAY, 11), "resolution", None), now=msk(MONDAY, 12))
    assert none.current("resolution").status == "no_guarantee"


def test_an_override_gives_a_tier_without_that_target_one_from_the_start():
    policy = make_policy(target("first_response", 60))
    events = [Created(msk(MONDAY, 10)), TargetOverridden(msk(MONDAY, 11), "resolution", 300)]
    clock = ticket_sla(policy, "std", events, msk(MONDAY, 12)).current("resolution")
    assert (clock.started_at, clock.due) == (msk(MONDAY, 10), msk(MONDAY, 15))


def test_a_target_without_guarantee_is_shown_as_such():
    clock = sla(Created(msk(MONDAY, 10), priority=4), now=msk(MONDAY + 20, 10)).current("resolution")
    assert (clock.status, clock.due, clock.breached) == ("no_guarantee", None, False)


def test_update_interval_restarts_at_each_reply_and_is_met_by_the_resolution():
    events = [Created(msk(MONDAY, 10), priority=2), StaffReplied(msk(MONDAY, 10, 30))]
    first = sla(*events, now=msk(MONDAY, 11)).current("update_interval")
    assert first.due == OFFICE.add(msk(MONDAY, 10, 30), 960)
    updated = sla(*events, StaffReplied(msk(MONDAY + 1, 9)), now=msk(MONDAY + 1, 10))
    assert [c.status for c in updated.clocks if c.kind == "update_interval"] == ["met", "running"]
    done = sla(*events, Resolved(msk(MONDAY + 1, 9)), now=msk(MONDAY + 3, 10))
    assert [c.status for c in done.clocks if c.kind == "update_interval"] == ["met"]


def test_a_deferral_stops_the_resolution_but_not_the_reaction():
    result = sla(Created(msk(MONDAY, 10), priority=1), Deferred(msk(MONDAY, 10, 10), "needs development"),
                 now=msk(MONDAY, 12))
    assert result.current("resolution").status == "paused"
    assert result.current("first_response").status == "breached"
    resumed = sla(Created(msk(MONDAY, 10), priority=1), Deferred(msk(MONDAY, 11)),
                  Reopened(msk(MONDAY, 13)), now=msk(MONDAY, 14)).current("resolution")
    assert resumed.due == msk(MONDAY, 20)


def test_next_change_is_the_earliest_running_due_or_warning():
    result = sla(Created(msk(MONDAY, 10), priority=1), now=msk(MONDAY, 10, 10))
    assert result.next_change_at == msk(MONDAY, 11)
    warned = sla(Created(msk(MONDAY, 10), priority=1), now=msk(MONDAY, 10, 10), ratio=Decimal("0.5"))
    assert warned.current("first_response").at_risk_at == msk(MONDAY, 10, 30)
    assert warned.next_change_at == msk(MONDAY, 10, 30)


def test_events_after_now_are_ignored_and_history_starts_with_creation():
    result = sla(Created(msk(MONDAY, 10), priority=1), StaffReplied(msk(MONDAY, 12)),
                 now=msk(MONDAY, 10, 30))
    assert result.current("first_response").status == "running"
    with pytest.raises(ValueError, match="creation"):
        sla(StaffReplied(msk(MONDAY, 12)), now=msk(MONDAY, 13))


def test_a_new_ticket_has_its_first_response_due_and_a_tier_without_it_none():
    def first_response(tier):
        filed = msk(MONDAY, 20)
        return ticket_sla(POLICY, tier, [Created(filed, 2)], filed).current("first_response")

    clock = first_response("std")
    assert clock is not None and clock.due == msk(MONDAY + 1, 13)
    assert first_response("other") is None
