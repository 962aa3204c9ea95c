"""Ticket rules of the pure domain (DOMAIN.md 3 and 5): who files, attachments by content,
a timeline as SLA events, the reopen window, escalation once a day, ratings."""

from datetime import UTC, date, datetime, timedelta

import pytest

from portal.domain.entitlement import Entitlement
from portal.domain.policy import load_preset
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
)
from portal.domain.tickets import (
    AttachmentRules,
    Happening,
    filing_right,
    judge_attachment,
    may_escalate,
    may_reopen,
    reopen_until,
    sla_history,
    ticket_number,
    valid_rating,
)

DEMO, ISTOM, AXISTEM = load_preset("demo"), load_preset("istom"), load_preset("axistem")
TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)


def rights(policy, tier: str | None) -> Entitlement:
    return Entitlement(on=TODAY, tier=policy.tier(tier) if tier else None, term=None)


def test_ticket_numbers_carry_the_year_and_six_digits():
    assert ticket_number(2026, 123) == "TID-2026-000123"
    assert ticket_number(2027, 1234567) == "TID-2027-1234567"


@pytest.mark.parametrize(("policy", "entitlement", "responsible", "expected"), [
    # Without an organization: iStom's free tier takes tickets from anyone, Axistem's not.
    (ISTOM, None, None, (True, "ok", "free")),
    (AXISTEM, None, None, (False, "no_organization", "free")),
    (DEMO, None, None, (False, "no_organization", "community")),
    # An organization without any support (Terrasoft-like), or a tier without tickets.
    (DEMO, "none", True, (False, "no_support", None)),
    (DEMO, "community", True, (False, "no_ticket_channel", "community")),
    # Responsible contacts file; colleagues do not, unless the tier lets anyone.
    (DEMO, "standard", True, (True, "ok", "standard")),
    (DEMO, "standard", False, (False, "not_responsible", "standard")),
    (ISTOM, "commercial", False, (False, "not_responsible", "commercial")),
    (ISTOM, "free", False, (True, "ok", "free")),
])
def test_who_may_file(policy, entitlement, responsible, expected):
    given = None if entitlement is None else rights(policy, None if entitlement == "none"
                                                    else entitlement)
    right = filing_right(policy, given, responsible)
    assert (right.allowed, right.reason, right.tier.code if right.tier else None) == expected


RULES = AttachmentRules(max_files=2, max_bytes=100, video=False)


@pytest.mark.parametrize(("detected", "size", "position", "rules", "expected"), [
    ("image/png", 100, 0, RULES, (True, "ok", True)),  # exactly the size limit
    ("image/jpeg", 1, 1, RULES, (True, "ok", True)),
    ("image/gif", 5, 0, RULES, (True, "ok", True)),
    ("image/png", 101, 0, RULES, (False, "too_large", False)),
    ("image/png", 0, 0, RULES, (False, "empty", False)),
    ("image/png", 5, 2, RULES, (False, "too_many", False)),  # the third file of two
    ("application/zip", 5, 0, RULES, (True, "ok", False)),
    ("application/x-rar-compressed", 5, 0, RULES, (True, "ok", False)),
    ("application/vnd.rar", 5, 0, RULES, (True, "ok", False)),
    ("image/bmp", 5, 0, RULES, (False, "bitmap", False)),
    ("video/mp4", 5, 0, RULES, (False, "not_allowed", False)),
    ("video/mp4", 5, 0, AttachmentRules(video=True), (True, "ok", False)),
    ("video/webm", 5, 0, AttachmentRules(video=True), (True, "ok", False)),
    ("application/x-msdownload", 5, 0, RULES, (False, "not_allowed", False)),
    (None, 5, 0, RULES, (False, "not_allowed", False)),
])
def test_attachments_are_judged_by_content_size_and_count(detected, size, position, rules,
                                                          expected):
    verdict = judge_attachment(detected, size, rules, position)
    assert (verdict.accepted, verdict.reason, verdict.inline) == expected


def test_default_attachment_rules_are_ten_files_of_ten_megabytes_without_video():
    assert AttachmentRules() == AttachmentRules(max_files=10, max_bytes=10 * 1024 * 1024,
                                                video=False)


def at(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)


def test_a_timeline_becomes_the_sla_engines_events():
    timeline = [
        Happening("created", at(0), data={"priority": 2, "level": "urgent", "line": "l1"}),
        Happening("customer_message", at(1)),
        Happening("staff_message", at(2)),
        Happening("staff_message", at(3), public=False),
        Happening("note", at(4), public=False),
        Happening("rating", at(5), data={"score": 5}),
        Happening("priority", at(6), data={"to": "1"}),
        Happening("level", at(7), data={"to": "standard"}),
        Happening("line", at(8), data={"to": "l2"}),
        Happening("override", at(9), data={"target": "resolution", "minutes": 600}),
        Happening("status", at(10), data={"from": "open", "to": "waiting"}),
        Happening("status", at(11), data={"from": "waiting", "to": "deferred",
                                          "reason": "needs_development"}),
        Happening("status", at(12), data={"from": "deferred", "to": "open"}),
        Happening("status", at(13), data={"from": "open", "to": "resolved"}),
        Happening("status", at(14), data={"from": "resolved", "to": "open"}),
        Happening("status", at(15), data={"from": "waiting", "to": "open"}),
        Happening("status", at(16), data={"from": "closed", "to": "open"}),
        Happening("status", at(17), data={"from": "open", "to": "closed"}),
    ]
    assert sla_history(timeline) == [
        Created(at(0), 2, "urgent", "l1"), CustomerWrote(at(1)), StaffReplied(at(2)),
        StaffReplied(at(3), public=False), PriorityChanged(at(6), 1),
        LevelChanged(at(7), "standard"), LineChanged(at(8), "l2"),
        TargetOverridden(at(9), "resolution", 600), WaitingForCustomer(at(10)),
        Deferred(at(11), "needs_development"), Reopened(at(12)), Resolved(at(13)),
        Reopened(at(14)), Reopened(at(16)),
    ]


def test_a_bare_creation_and_an_override_without_minutes():
    events = sla_history([Happening("created", at(0)),
                          Happening("override", at(1), data={"target": "first_response"})])
    assert events == [Created(at(0), None, None, None),
                      TargetOverridden(at(1), "first_response", None)]


def test_the_reopen_window_counts_calendar_days_and_includes_its_last_day():
    resolved = date(2026, 3, 2)
    assert reopen_until(resolved, 14) == date(2026, 3, 16)
    assert may_reopen("resolved", resolved, 14, date(2026, 3, 16))
    assert not may_reopen("resolved", resolved, 14, date(2026, 3, 17))
    assert may_reopen("resolved", resolved, 0, resolved)
    assert not may_reopen("closed", resolved, 14, resolved)
    assert not may_reopen("open", resolved, 14, resolved)
    assert not may_reopen("resolved", None, 14, resolved)


def test_escalation_while_worked_and_at_most_once_a_day():
    for status in ("open", "waiting", "deferred"):
        assert may_escalate(status, None, NOW)
    assert not may_escalate("resolved", None, NOW)
    assert not may_escalate("closed", None, NOW)
    assert may_escalate("open", NOW - timedelta(hours=24), NOW)
    assert not may_escalate("open", NOW - timedelta(hours=24) + timedelta(seconds=1), NOW)


@pytest.mark.parametrize(("score", "valid"), [
    (1, True), (5, True), (3, True), (0, False), (6, False), (True, False), ("3", False),
    (3.0, False), (None, False),
])
def test_a_rating_is_a_whole_number_from_one_to_five(score, valid):
    assert valid_rating(score) is valid


def test_the_first_file_is_position_zero_and_a_deferral_without_reason_has_none():
    assert judge_attachment("image/png", 5, AttachmentRules(max_files=1)).accepted
    deferred = sla_history([Happening("created", at(0)),
                            Happening("status", at(1), data={"from": "open", "to": "deferred"})])
    assert deferred[1] == Deferred(at(1), "")
