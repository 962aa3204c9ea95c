"""SLA boundaries, each expectation worked out by hand from DOMAIN.md section 2.

The policy is test_sla_rules.POLICY: P1 first response 60 office minutes (Mon-Fri 9-18 Moscow),
P2 240; resolution P1 480 around the clock, P2 1080 office minutes; 2026-02-02 is a Monday.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from portal.domain.sla import (
    Created,
    CustomerWrote,
    Deferred,
    LevelChanged,
    LineChanged,
    Reopened,
    Resolved,
    StaffReplied,
    TargetOverridden,
    WaitingForCustomer,
    ticket_sla,
)
from tests.unit.test_sla_rules import MONDAY, make_policy, msk, sla, target

FILED = Created(msk(MONDAY, 10), priority=1)  # first response due Monday 11:00


@pytest.mark.parametrize(("replied", "status"), [
    (msk(MONDAY, 10, 59), "met"),
    (msk(MONDAY, 11), "met"),  # the due moment itself
    (msk(MONDAY, 11) + timedelta(seconds=59), "met"),  # within the due minute: cut to 11:00
    (msk(MONDAY, 11, 1), "breached"),  # the first minute after it
])
def test_a_reply_in_the_due_minute_meets_the_target(replied, status):
    clock = sla(FILED, StaffReplied(replied), now=msk(MONDAY, 12)).current("first_response")
    assert (clock.due, clock.status) == (msk(MONDAY, 11), status)


def test_at_the_due_moment_the_clock_still_runs_and_a_minute_later_it_is_overdue():
    at_due = sla(FILED, now=msk(MONDAY, 11)).current("first_response")
    assert (at_due.status, at_due.minutes_left) == ("running", 0)
    late = sla(FILED, now=msk(MONDAY, 11, 1)).current("first_response")
    assert (late.status, late.minutes_left) == ("breached", -1)


def test_a_pause_starting_exactly_at_the_due_minute_does_not_save_the_target():
    """All 60 minutes were used by 11:00: waiting for the customer from then on is too late."""
    events = [FILED, WaitingForCustomer(msk(MONDAY, 11)), CustomerWrote(msk(MONDAY, 12))]
    paused = sla(*events[:2], now=msk(MONDAY, 11, 30)).current("first_response")
    assert (paused.status, paused.due) == ("breached", msk(MONDAY, 11))
    resumed = sla(*events, StaffReplied(msk(MONDAY, 12, 5)), now=msk(MONDAY, 13))
    clock = resumed.current("first_response")
    assert (clock.status, clock.due) == ("breached", msk(MONDAY, 11))


def test_a_pause_one_minute_before_the_due_minute_keeps_that_minute():
    """Paused 10:59-12:00 with one minute left: due 12:01, and a reply at 12:01 is in time."""
    events = [FILED, WaitingForCustomer(msk(MONDAY, 10, 59)), CustomerWrote(msk(MONDAY, 12))]
    paused = sla(*events[:2], now=msk(MONDAY, 11, 30)).current("first_response")
    assert (paused.status, paused.due, paused.minutes_left) == ("paused", None, 1)
    clock = sla(*events, StaffReplied(msk(MONDAY, 12, 1)), now=msk(MONDAY, 13)).current(
        "first_response")
    assert (clock.status, clock.due) == ("met", msk(MONDAY, 12, 1))


def test_a_pause_ending_at_the_filing_minute_changes_nothing():
    events = [FILED, WaitingForCustomer(msk(MONDAY, 10)), CustomerWrote(msk(MONDAY, 10))]
    assert sla(*events, now=msk(MONDAY, 10, 30)).current("first_response").due == msk(MONDAY, 11)


def test_resolving_in_the_due_minute_meets_and_a_reopen_then_has_no_minute_left():
    """P1 resolution: 480 minutes around the clock from 10:00, due 18:00, resolved at 18:00.

    Every minute was used when it was resolved: reopened at 20:00 it is overdue at once (the
    due moment stays 18:00), while one resolved at 17:59 has one minute left after a reopen.
    """
    events = [FILED, StaffReplied(msk(MONDAY, 10, 30)), Resolved(msk(MONDAY, 18))]
    resolved = sla(*events, now=msk(MONDAY, 19)).current("resolution")
    assert (resolved.status, resolved.due) == ("met", msk(MONDAY, 18))
    reopened = sla(*events, Reopened(msk(MONDAY, 20)), now=msk(MONDAY, 20)).current("resolution")
    assert (reopened.status, reopened.due, reopened.met_at) == (
        "breached", msk(MONDAY, 18), None)
    early = [FILED, StaffReplied(msk(MONDAY, 10, 30)), Resolved(msk(MONDAY, 17, 59)),
             Reopened(msk(MONDAY, 20))]
    clock = sla(*early, now=msk(MONDAY, 20)).current("resolution")
    assert (clock.status, clock.due, clock.minutes_left) == ("running", msk(MONDAY, 20, 1), 1)


@pytest.mark.parametrize(("ratio", "warned"), [
    (Decimal("0.75"), msk(MONDAY, 10, 45)),  # 45 of 60 minutes used (not 15: 1 - ratio)
    (Decimal("0.9"), msk(MONDAY, 10, 54)),
    (Decimal("0.2"), msk(MONDAY, 10, 12)),
    (Decimal(1), msk(MONDAY, 11)),
])
def test_the_at_risk_warning_comes_after_that_share_of_the_counted_time(ratio, warned):
    result = sla(FILED, now=msk(MONDAY, 10, 5), ratio=ratio)
    assert result.current("first_response").at_risk_at == warned
    # The resolution (480 minutes around the clock) warns later, so the first response's
    # warning is the next change.
    assert result.next_change_at == warned


def test_the_at_risk_share_counts_office_minutes_and_skips_pauses():
    """P2 resolution, 1080 office minutes, filed Monday 17:00 and waiting 17:30 to Tuesday 10:00.

    30 minutes before the pause; 75 % = 810 minutes: 780 more from Tuesday 10:00 (480 on Tuesday,
    300 on Wednesday from 9:00) -> Wednesday 14:00. The whole 1080: 1050 more -> Thursday 9:30.
    """
    events = [Created(msk(MONDAY, 17), priority=2), WaitingForCustomer(msk(MONDAY, 17, 30)),
              CustomerWrote(msk(MONDAY + 1, 10))]
    clock = sla(*events, now=msk(MONDAY + 1, 10, 10), ratio=Decimal("0.75")).current("resolution")
    assert (clock.at_risk_at, clock.due) == (msk(MONDAY + 2, 14), msk(MONDAY + 3, 9, 30))


def test_a_share_of_a_minute_rounds_the_warning_earlier():
    """P2 first response 240 office minutes x 0.8 = 192 -> 13:12; urgent 30 x 0.75 = 22.5 -> 22."""
    p2 = sla(Created(msk(MONDAY, 10), priority=2), now=msk(MONDAY, 10, 1), ratio=Decimal("0.8"))
    assert p2.current("first_response").at_risk_at == msk(MONDAY, 13, 12)
    urgent = sla(Created(msk(MONDAY, 10), level="urgent"), now=msk(MONDAY, 10, 1),
                 ratio=Decimal("0.75"))
    assert urgent.current("first_response").at_risk_at == msk(MONDAY, 10, 22)


def test_no_warning_once_met_paused_or_without_a_ratio():
    ratio = Decimal("0.75")
    met = sla(FILED, StaffReplied(msk(MONDAY, 10, 10)), now=msk(MONDAY, 10, 20), ratio=ratio)
    assert met.current("first_response").at_risk_at is None
    paused = sla(FILED, WaitingForCustomer(msk(MONDAY, 10, 10)), now=msk(MONDAY, 10, 20),
                 ratio=ratio)
    assert paused.current("first_response").at_risk_at is None
    assert sla(FILED, now=msk(MONDAY, 10, 5)).current("first_response").at_risk_at is None


def test_escalating_in_the_due_minute_replaces_the_pending_reaction():
    """P1 first response due 11:00; escalated to l2 (240 office minutes) at 11:00 it had not run
    out yet, so l2's target replaces it; a minute later it had, and the breach stays."""
    in_time = sla(FILED, LineChanged(msk(MONDAY, 11), "l2"), now=msk(MONDAY, 11, 30))
    assert [(c.line, c.status, c.due) for c in in_time.clocks if c.kind == "first_response"] == [
        ("l2", "running", msk(MONDAY, 15))]
    late = sla(FILED, LineChanged(msk(MONDAY, 11, 1), "l2"), now=msk(MONDAY, 11, 30))
    assert [(c.line, c.status) for c in late.clocks if c.kind == "first_response"] == [
        (None, "breached"), ("l2", "running")]


def test_escalation_counts_the_pending_reactions_pauses():
    """Waiting 10:30-11:30 moved the P1 first response to 12:00: escalated at 11:45 it is
    still pending (replaced); without the pause it would have been a breach."""
    events = [FILED, WaitingForCustomer(msk(MONDAY, 10, 30)), CustomerWrote(msk(MONDAY, 11, 30)),
              LineChanged(msk(MONDAY, 11, 45), "l2")]
    result = sla(*events, now=msk(MONDAY, 12))
    assert [(c.line, c.status) for c in result.clocks if c.kind == "first_response"] == [
        ("l2", "running")]


def test_after_an_escalation_follow_ups_get_the_new_lines_limit():
    policy = make_policy(target("first_response", 60), target("first_response", 240, line="l2"),
                         target("next_response", 120), target("next_response", 30, line="l2"))
    events = [Created(msk(MONDAY, 10)), LineChanged(msk(MONDAY, 10, 10), "l2"),
              StaffReplied(msk(MONDAY, 10, 20)), CustomerWrote(msk(MONDAY, 10, 40))]
    clock = ticket_sla(policy, "std", events, msk(MONDAY, 10, 45)).current("next_response")
    assert (clock.line, clock.due) == ("l2", msk(MONDAY, 11, 10))


def test_waiting_deferring_or_replying_while_resolved_leaves_the_resolution_pause():
    resolved = [FILED, StaffReplied(msk(MONDAY, 10, 30)), Resolved(msk(MONDAY, 11))]
    for stray in (WaitingForCustomer(msk(MONDAY, 12)), Deferred(msk(MONDAY, 12))):
        result = sla(*resolved, stray, now=msk(MONDAY, 12, 30))
        assert result.pause_reason == "resolved", stray
        # The reopen still finds the resolved pause and takes the mark away.
        reopened = sla(*resolved, stray, Reopened(msk(MONDAY, 13)), now=msk(MONDAY, 13, 30))
        assert reopened.current("resolution").status == "running", stray
    # A reply to a resolved ticket starts no update interval.
    p2 = [Created(msk(MONDAY, 10), priority=2), StaffReplied(msk(MONDAY, 10, 30)),
          Resolved(msk(MONDAY, 11)), StaffReplied(msk(MONDAY, 12))]
    updates = [c.status for c in sla(*p2, now=msk(MONDAY, 13)).clocks
               if c.kind == "update_interval"]
    assert updates == ["met"]


def test_a_reply_and_a_resolution_in_the_same_minute_survive_a_reopen_apart():
    events = [FILED, StaffReplied(msk(MONDAY, 10, 30)), Resolved(msk(MONDAY, 10, 30)),
              Reopened(msk(MONDAY, 12))]
    result = sla(*events, now=msk(MONDAY, 12, 30))
    assert result.current("first_response").status == "met"
    assert result.current("resolution").status == "running"


def test_a_deferral_during_a_wait_ends_the_wait_for_the_reactions():
    """Waiting 10:30-11:00 then deferred: the first response runs again from 11:00 (a deferral
    stops only resolution and updates), so its 30 minutes left end at 11:30."""
    events = [FILED, WaitingForCustomer(msk(MONDAY, 10, 30)), Deferred(msk(MONDAY, 11))]
    result = sla(*events, now=msk(MONDAY, 11, 10))
    assert result.pause_reason == "deferred"
    assert result.current("first_response").due == msk(MONDAY, 11, 30)
    assert result.current("resolution").status == "paused"


def test_a_reply_while_waiting_is_met_with_the_due_moment_the_wait_made():
    """60 office minutes from 10:00, waiting from 10:30, answered at 10:45 while waiting:
    met, and the 30 minutes left run from the reply: due 11:15."""
    events = [FILED, WaitingForCustomer(msk(MONDAY, 10, 30)), StaffReplied(msk(MONDAY, 10, 45))]
    clock = sla(*events, now=msk(MONDAY, 12)).current("first_response")
    assert (clock.status, clock.due) == ("met", msk(MONDAY, 11, 15))


def test_an_agreed_target_without_a_calendar_takes_the_tiers():
    """P2 resolution counts office minutes: 600 of them from Monday 10:00 end Tuesday 11:00."""
    events = [Created(msk(MONDAY, 10), priority=2),
              TargetOverridden(msk(MONDAY, 10, 30), "resolution", 600)]
    clock = sla(*events, now=msk(MONDAY, 11)).current("resolution")
    assert (clock.overridden, clock.due) == (True, msk(MONDAY + 1, 11))


def test_a_level_without_a_target_leaves_the_clock_without_a_guarantee():
    events = [Created(msk(MONDAY, 10), level="standard"), LevelChanged(msk(MONDAY, 10, 5), "vip")]
    clock = sla(*events, now=msk(MONDAY, 10, 10)).current("first_response")
    assert (clock.status, clock.due, clock.minutes) == ("no_guarantee", None, None)


def test_escalating_a_reaction_without_a_guarantee_replaces_it():
    policy = make_policy(target("first_response", None), target("first_response", 240, line="l2"))
    events = [Created(msk(MONDAY, 10)), LineChanged(msk(MONDAY, 11), "l2")]
    result = ticket_sla(policy, "std", events, msk(MONDAY, 12))
    assert [(c.line, c.status) for c in result.clocks if c.kind == "first_response"] == [
        ("l2", "running")]


def test_a_clock_started_after_one_pause_still_counts_a_later_one():
    """The update interval (960 office minutes) starts at the 10:30 reply, after a wait that
    ended at 10:20; a second wait 11:00-12:00 moves it from Tuesday 17:30 to Wednesday 9:30."""
    events = [FILED, WaitingForCustomer(msk(MONDAY, 10, 10)), CustomerWrote(msk(MONDAY, 10, 20)),
              StaffReplied(msk(MONDAY, 10, 30)), WaitingForCustomer(msk(MONDAY, 11)),
              CustomerWrote(msk(MONDAY, 12))]
    clock = sla(*events, now=msk(MONDAY, 13)).current("update_interval")
    assert (clock.started_at, clock.due) == (msk(MONDAY, 10, 30), msk(MONDAY + 2, 9, 30))


def test_a_wait_from_the_filing_minute_holds_the_whole_target():
    events = [FILED, WaitingForCustomer(msk(MONDAY, 10))]
    clock = sla(*events, now=msk(MONDAY, 12)).current("first_response")
    assert (clock.status, clock.minutes_left) == ("paused", 60)


def test_seconds_and_microseconds_are_cut_from_event_times():
    filed = Created(msk(MONDAY, 10) + timedelta(seconds=30, microseconds=500), priority=1)
    clock = sla(filed, now=msk(MONDAY, 10, 5)).current("first_response")
    assert (clock.started_at, clock.due) == (msk(MONDAY, 10), msk(MONDAY, 11))


def test_a_customer_writing_to_a_resolved_ticket_starts_no_follow_up_clock():
    events = [FILED, StaffReplied(msk(MONDAY, 10, 30)), Resolved(msk(MONDAY, 11)),
              CustomerWrote(msk(MONDAY, 12))]
    assert sla(*events, now=msk(MONDAY, 13)).current("next_response") is None
    reopened = sla(*events, Reopened(msk(MONDAY, 13)), CustomerWrote(msk(MONDAY, 13, 10)),
                   now=msk(MONDAY, 13, 20))
    assert reopened.current("next_response").started_at == msk(MONDAY, 13, 10)


def test_an_agreed_resolution_while_resolved_waits_and_other_kinds_start_nothing_new():
    policy = make_policy(target("first_response", 60))
    resolved = [Created(msk(MONDAY, 10)), StaffReplied(msk(MONDAY, 10, 10)),
                Resolved(msk(MONDAY, 10, 20)), TargetOverridden(msk(MONDAY, 10, 30), "resolution",
                                                                300)]
    assert ticket_sla(policy, "std", resolved, msk(MONDAY, 11)).current("resolution") is None
    only_resolution = make_policy(target("resolution", 600))
    agreed = [Created(msk(MONDAY, 10)), TargetOverridden(msk(MONDAY, 10, 30), "first_response",
                                                         60)]
    result = ticket_sla(only_resolution, "std", agreed, msk(MONDAY, 11))
    assert result.current("first_response") is None
