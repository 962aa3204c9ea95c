"""check_policy_file: each defect of a preset is named with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.domain.policy import PRESET_DIR, PolicyError, check_policy_file, load_policy_file

DEMO = (PRESET_DIR / "demo.toml").read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    """The demo preset with `old` replaced by `new` (it must be there)."""
    assert old in DEMO
    path = tmp_path / "broken.toml"
    path.write_text(DEMO.replace(old, new, count), encoding="utf-8")
    return path


def places(path: Path) -> dict[str, str]:
    return {problem.place: problem.message for problem in check_policy_file(path)}


def test_unknown_tier_in_a_target(tmp_path: Path) -> None:
    path = broken(tmp_path, 'tier = "priority"\nkind = "first_response"\npriority = 1',
                  'tier = "platinum"\nkind = "first_response"\npriority = 1')
    found = places(path)
    assert list(found) == ["targets[10].tier"]
    assert "platinum" in found["targets[10].tier"]


def test_window_that_ends_before_it_starts(tmp_path: Path) -> None:
    found = places(broken(tmp_path, '"14:00-18:00"', '"18:00-14:00"'))
    assert "calendars.moscow-office.windows[1]" in found
    assert "ends before it starts" in found["calendars.moscow-office.windows[1]"]


def test_negative_duration(tmp_path: Path) -> None:
    found = places(broken(tmp_path, "hours = 16\ncalendar", "hours = -16\ncalendar"))
    assert found == {"targets[3].hours": "must not be negative (got -16)"}


def test_a_calendar_without_working_weekdays(tmp_path: Path) -> None:
    path = broken(tmp_path, 'weekdays = ["mon", "tue", "wed", "thu", "fri"]', "weekdays = []")
    found = places(path)
    assert found["calendars.moscow-office.weekdays"] == (
        "a calendar needs at least one working weekday")


def test_missing_and_unknown_calendar(tmp_path: Path) -> None:
    path = broken(tmp_path, 'minutes = 30\ncalendar = "always"', "minutes = 30")
    assert places(path) == {"targets[10].calendar": "missing"}
    path = broken(tmp_path, 'minutes = 30\ncalendar = "always"', 'minutes = 30\ncalendar = "x"')
    assert "unknown calendar" in places(path)["targets[10].calendar"]


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    text = DEMO.replace('counting = "window"', 'counting = "sometimes"').replace(
        'zone = "Europe/Moscow"', 'zone = "Mars/Olympus"', 1).replace(
        'price = "7500.00"', "price = 7500.5")
    path = tmp_path / "many.toml"
    path.write_text(text, encoding="utf-8")
    found = places(path)
    assert "calendars.moscow-office.counting" in found
    assert "calendars.moscow-office.zone" in found
    assert "products[2].editions[0].price" in found
    # Targets on the broken calendar are reported as such, not silently dropped.
    assert "has problems" in found["targets[0].calendar"]
    with pytest.raises(PolicyError, match="has problems") as raised:
        load_policy_file(path)
    assert len(raised.value.problems) == len(found)


def test_typos_and_repeats_are_caught(tmp_path: Path) -> None:
    found = places(broken(tmp_path, "reopen_days = 14", "reopen_dayz = 14"))
    assert found["tiers.standard.reopen_dayz"] == "unknown key"
    assert found["tiers.standard.reopen_days"] == "missing"
    repeat = DEMO + '\n[[targets]]\ntier = "standard"\nkind = "first_response"\npriority = 1\n' \
        'hours = 3\ncalendar = "moscow-office"\n'
    path = tmp_path / "repeat.toml"
    path.write_text(repeat, encoding="utf-8")
    assert "repeats targets[0]" in places(path)["targets[19]"]


def test_money_must_be_a_decimal_string(tmp_path: Path) -> None:
    found = places(broken(tmp_path, 'minimum = "30000.00"', "minimum = 30000.0"))
    assert "tiers.standard.price.minimum" in found
    found = places(broken(tmp_path, 'percent = "20"', 'percent = "120"'))
    assert "tiers.standard.price.percent" in found


def test_unknown_selectors_in_targets(tmp_path: Path) -> None:
    found = places(broken(tmp_path, "priority = 4\nhours = 16", "priority = 9\nhours = 16"))
    assert found == {"targets[3].priority": "unknown priority 9"}


def test_amount_needs_exactly_one_unit(tmp_path: Path) -> None:
    found = places(broken(tmp_path, "hours = 16\ncalendar", "hours = 16\nminutes = 5\ncalendar"))
    assert "targets[3]" in found


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    assert places(tmp_path / "absent.toml")["file"].startswith("cannot be read")
    bad = tmp_path / "bad.toml"
    bad.write_text("code = \n", encoding="utf-8")
    assert places(bad)["file"].startswith("is not valid TOML")
    with pytest.raises(PolicyError, match="is not valid TOML"):
        load_policy_file(bad)
