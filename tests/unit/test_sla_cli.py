"""`portal sla due|between` and `portal policy check`, driven through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from portal.domain.policy import PRESET_DIR
from portal.policy.cli import commands, policy, sla


def run(group: object, *args: str) -> Result:
    return CliRunner().invoke(group, list(args))  # type: ignore[arg-type]


def due(*args: str) -> dict[str, object]:
    result = run(sla, "due", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_commands_are_the_two_groups() -> None:
    assert [command.name for command in commands] == ["sla", "policy"]


def test_due_prints_both_targets_in_their_zones() -> None:
    answer = due("--preset", "demo", "--tier", "standard", "--priority", "1",
                 "--start", "2026-01-12T10:00:00+03:00")
    assert answer == {"first_response_due": "2026-01-12T12:00:00+03:00",
                      "resolution_due": "2026-01-13T10:00:00+03:00", "guaranteed": True,
                      "first_response_guaranteed": True, "resolution_guaranteed": True}


def test_start_in_another_offset_is_answered_in_the_calendar_zone() -> None:
    answer = due("--preset", "demo", "--tier", "priority", "--priority", "1",
                 "--start", "2026-01-12T07:00:00+00:00")
    assert answer["first_response_due"] == "2026-01-12T10:30:00+03:00"


def test_no_guarantee_is_null_and_not_guaranteed() -> None:
    answer = due("--preset", "demo", "--tier", "standard", "--priority", "3",
                 "--start", "2026-01-12T10:00:00+03:00")
    assert answer["resolution_due"] is None and answer["guaranteed"] is False
    assert answer["first_response_due"] == "2026-01-13T10:00:00+03:00"
    axistem = due("--preset", "axistem", "--tier", "free", "--start", "2026-01-12T10:00:00+03:00")
    assert axistem == {"first_response_due": None, "resolution_due": None, "guaranteed": False,
                       "first_response_guaranteed": False, "resolution_guaranteed": False}


def test_a_tier_without_targets_gives_nulls_but_stays_guaranteed() -> None:
    answer = due("--preset", "demo", "--tier", "community", "--start", "2026-01-12T10:00")
    assert answer == {"first_response_due": None, "resolution_due": None, "guaranteed": True,
                      "first_response_guaranteed": False, "resolution_guaranteed": False}


def test_terrasoft_premium_resolution_counts_whole_working_days() -> None:
    answer = due("--preset", "terrasoft", "--tier", "premium", "--priority", "2",
                 "--start", "2025-12-30T17:00:00+03:00")
    assert answer["first_response_due"] == "2025-12-30T19:00:00+03:00"
    assert answer["resolution_due"] == "2026-01-13T17:00:00+03:00"


def test_customer_zone_for_ascon() -> None:
    answer = due("--preset", "ascon", "--tier", "warranty", "--zone", "Asia/Vladivostok",
                 "--start", "2026-01-12T10:00:00+03:00")
    assert answer["first_response_due"] == "2026-01-13T17:00:00+10:00"


@pytest.mark.parametrize(("args", "listed"), [
    (["--preset", "demo", "--tier", "standard"], "needs --priority; valid: 1, 2, 3, 4"),
    (["--preset", "demo", "--tier", "gold"], "valid tiers of demo: community, standard, priority"),
    (["--preset", "istom", "--tier", "free"],
     "needs --level; valid: urgent, standard, consulting, development"),
    (["--preset", "istom", "--tier", "vip", "--level", "urgent"], "valid: consulting, development"),
    (["--preset", "procrm", "--tier", "support"], "needs --line; valid: sla1, sla2, sla3"),
    (["--preset", "procrm", "--tier", "support", "--line", "sla9"], "valid: sla1, sla2, sla3"),
    (["--preset", "demo", "--tier", "standard", "--priority", "7"], "valid: 1, 2, 3, 4"),
    (["--preset", "acme", "--tier", "x"], "valid presets: demo, axistem"),
])
def test_missing_or_unknown_codes_exit_2_listing_valid_values(args: list[str],
                                                              listed: str) -> None:
    result = run(sla, "due", "--json", *args, "--start", "2026-01-12T10:00:00+03:00")
    assert result.exit_code == 2
    assert listed in result.output


def test_an_unknown_preset_is_named_once_with_the_valid_codes() -> None:
    result = run(sla, "due", "--preset", "acme", "--tier", "x", "--start", "2026-01-12T10:00")
    assert result.exit_code == 2
    assert "unknown preset 'acme'; valid presets: demo, axistem, terrasoft, istom, procrm, " \
        "ascon" in result.output
    assert result.output.count("valid") == 1


def test_bad_start_exits_2() -> None:
    result = run(sla, "due", "--tier", "standard", "--priority", "1", "--start", "soon")
    assert result.exit_code == 2 and "ISO" in result.output


def test_between_counts_first_response_calendar_minutes() -> None:
    result = run(sla, "between", "--preset", "demo", "--tier", "standard", "--priority", "1",
                 "--start", "2025-12-30T17:00:00+03:00", "--end", "2026-01-12T10:00:00+03:00")
    assert (result.exit_code, result.output.strip()) == (0, "120")
    always = run(sla, "between", "--preset", "demo", "--tier", "priority", "--priority", "1",
                 "--start", "2025-12-30T17:00:00+03:00", "--end", "2025-12-31T17:00:00+03:00")
    assert always.output.strip() == "1440"


def test_between_without_first_response_target_exits_2() -> None:
    result = run(sla, "between", "--tier", "community", "--start", "2026-01-12T10:00",
                 "--end", "2026-01-13T10:00")
    assert result.exit_code == 2


def test_policy_check_ok_and_problems(tmp_path: Path) -> None:
    ok = run(policy, "check", str(PRESET_DIR / "istom.toml"))
    assert ok.exit_code == 0 and ok.output.strip().endswith(": ok")
    assert run(policy, "check", "ascon").exit_code == 0
    broken = tmp_path / "broken.toml"
    broken.write_text((PRESET_DIR / "demo.toml").read_text(encoding="utf-8").replace(
        '"09:00-13:00"', '"13:00-09:00"'), encoding="utf-8")
    result = run(policy, "check", str(broken))
    assert result.exit_code == 1
    assert "calendars.moscow-office.windows[0]: window '13:00-09:00' ends before it starts" \
        in result.output
