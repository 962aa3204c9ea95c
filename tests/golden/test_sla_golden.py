"""`portal sla due` and the SLA engine agree with golden files made by the minute-stepping
reference, which reads the presets on its own (tests/golden/preset_reader.py)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.domain.calendar import Calendar, parse_window
from portal.domain.policy import PRESET_CODES, load_preset
from portal.domain.sla import (
    Created,
    CustomerWrote,
    Deferred,
    LineChanged,
    Reopened,
    Resolved,
    StaffReplied,
    WaitingForCustomer,
    ticket_sla,
)
from portal.policy.cli import sla
from tests.golden.make_sla_golden import expected, replay_expected, replay_moment
from tests.golden.preset_reader import preset_codes
from tests.golden.sla_reference import reference_add, reference_between

GOLDEN_DIR = Path(__file__).resolve().parent


def golden(code: str, part: str = "cases") -> list[dict[str, Any]]:
    document = json.loads((GOLDEN_DIR / f"sla_{code}.json").read_text(encoding="utf-8"))
    assert document["preset"] == code
    return document[part]  # type: ignore[no-any-return]


def test_every_bundled_preset_has_a_golden_file():
    assert sorted(PRESET_CODES) == preset_codes()


def cli_args(code: str, case: dict[str, Any]) -> list[str]:
    args = ["due", "--json", "--preset", code, "--tier", case["tier"], "--start", case["start"]]
    for name in ("priority", "level", "line", "zone"):
        if name in case:
            args += [f"--{name}", str(case[name])]
    return args


@pytest.mark.parametrize("code", PRESET_CODES)
def test_golden_file_is_broad_enough(code: str) -> None:
    cases = golden(code)
    assert len(cases) >= 30
    starts = {case["start"][:10] for case in cases}
    assert {"2026-01-09", "2025-11-01", "2025-12-31", "2025-05-08"} <= starts
    assert any(case["expected"]["first_response_due"] for case in cases)


def test_golden_files_hold_the_cases_the_issue_names() -> None:
    premium = [c for c in golden("terrasoft") if c["tier"] == "premium"]
    assert {c["priority"] for c in premium if c["expected"]["resolution_due"]} == {1, 2, 3, 4}
    assert {c.get("level") for c in golden("istom")} >= {"urgent", "standard", "consulting",
                                                          "development"}
    assert {c["line"] for c in golden("procrm")} == {"sla1", "sla2", "sla3"}
    assert any(c.get("zone") for c in golden("ascon"))
    assert any(not c["expected"]["guaranteed"] for c in golden("axistem"))


@pytest.mark.parametrize("code", PRESET_CODES)
def test_cli_answers_match_the_golden_file(code: str) -> None:
    runner = CliRunner()
    for case in golden(code):
        result = runner.invoke(sla, cli_args(code, case))
        assert result.exit_code == 0, (case, result.output)
        answer = json.loads(result.output)
        # The golden keys exactly; the per-target guarantees added beside them must agree
        # with the due times (a target without a guarantee has none).
        assert {key: answer[key] for key in case["expected"]} == case["expected"], case
        assert answer["first_response_guaranteed"] == (
            case["expected"]["first_response_due"] is not None), (case, answer)
        assert answer["resolution_guaranteed"] == (
            case["expected"]["resolution_due"] is not None), (case, answer)


@pytest.mark.parametrize("code", PRESET_CODES)
def test_golden_file_is_what_the_reference_says(code: str) -> None:
    # A sample keeps this quick; `-m slow` below re-derives every case.
    for case in golden(code)[::9]:
        query = {k: v for k, v in case.items() if k not in ("start", "expected")}
        assert expected(code, query, case["start"]) == case["expected"], case


@pytest.mark.slow
@pytest.mark.parametrize("code", PRESET_CODES)
def test_every_golden_case_is_what_the_reference_says(code: str) -> None:
    for case in golden(code):
        query = {k: v for k, v in case.items() if k not in ("start", "expected")}
        assert expected(code, query, case["start"]) == case["expected"], case


REPLAYED_KINDS = ("first_response", "resolution")


def domain_event(code: str, kind: str, at: str, data: dict[str, Any], query: dict[str, Any]):
    moment = replay_moment(code, at)
    return {
        "created": lambda: Created(moment, query.get("priority"), query.get("level"),
                                   data.get("line")),
        "reply": lambda: StaffReplied(moment),
        "note": lambda: StaffReplied(moment, public=False),
        "waiting": lambda: WaitingForCustomer(moment),
        "customer": lambda: CustomerWrote(moment),
        "deferred": lambda: Deferred(moment),
        "resolved": lambda: Resolved(moment),
        "reopened": lambda: Reopened(moment),
        "line": lambda: LineChanged(moment, data["line"]),
    }[kind]()


@pytest.mark.parametrize("code", PRESET_CODES)
def test_replayed_histories_match_the_golden_file(code: str) -> None:
    replays = golden(code, "replays")
    assert len(replays) >= 2
    policy = load_preset(code)
    for case in replays:
        query = {k: v for k, v in case.items() if k not in ("events", "now", "expected")}
        events = [domain_event(code, kind, at, data, query) for kind, at, data in case["events"]]
        result = ticket_sla(policy, query["tier"], events, replay_moment(code, case["now"]))
        for kind in REPLAYED_KINDS:
            got = [(c.status, c.due, c.line) for c in result.clocks if c.kind == kind]
            want = [(c["status"], datetime.fromisoformat(c["due"]) if c["due"] else None,
                     c["line"]) for c in case["expected"][kind]]
            assert got == want, (kind, case)


def test_the_replays_hold_pauses_reopens_and_escalations() -> None:
    kinds = {kind for code in PRESET_CODES for case in golden(code, "replays")
             for kind, _, _ in case["events"]}
    assert {"waiting", "customer", "deferred", "resolved", "reopened", "line", "note"} <= kinds
    statuses = {clock["status"] for code in PRESET_CODES for case in golden(code, "replays")
                for kind in REPLAYED_KINDS for clock in case["expected"][kind]}
    assert statuses == {"met", "breached", "running", "paused", "no_guarantee"}


@pytest.mark.parametrize("code", PRESET_CODES)
def test_golden_replays_are_what_the_reference_says(code: str) -> None:
    for case in golden(code, "replays"):
        query = {k: v for k, v in case.items() if k not in ("events", "now", "expected")}
        events = [tuple(event) for event in case["events"]]
        assert replay_expected(code, query, events, case["now"]) == case["expected"], case


def _preset_calendars() -> list[Calendar]:
    found: dict[int, Calendar] = {}
    for code in PRESET_CODES:
        for calendar in load_preset(code).calendars.values():
            found[id(calendar)] = calendar
    return list(found.values())


CALENDARS = [*_preset_calendars(),
             Calendar(zone="Europe/Berlin", holiday_country=None,
                      windows=(parse_window("07:00-12:00"), parse_window("13:00-16:30"))),
             Calendar(zone="Europe/Berlin", holiday_country=None, counting="working-days")]
moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 1),
                       timezones=st.just(ZoneInfo("Europe/Moscow"))).map(
    lambda moment: moment.replace(second=0, microsecond=0))


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(CALENDARS), moments, st.integers(min_value=0, max_value=1500))
def test_fast_add_agrees_with_the_reference(calendar: Calendar, start: datetime,
                                            minutes: int) -> None:
    assert calendar.add(start, minutes) == reference_add(calendar, start, minutes)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(CALENDARS), moments, st.integers(min_value=0, max_value=4 * 1440))
def test_fast_minutes_between_agrees_with_the_reference(calendar: Calendar, start: datetime,
                                                        span: int) -> None:
    end = start + timedelta(minutes=span)
    assert calendar.minutes_between(start, end) == reference_between(calendar, start, end)
