"""`portal sla due|between` and `portal policy check`: policy answers with no app or database.

They run without building the app (`portal.cli.main` calls them directly). Bad input - a
preset, a code, a date, a zone - exits 2 with one line naming it, never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from portal.domain.calendar import Calendar
from portal.domain.policy import (
    PRESET_CODES,
    PRESET_DIR,
    Policy,
    PolicyError,
    Target,
    check_policy_file,
    is_preset_path,
    load_policy,
)


class BadInput(click.ClickException):
    """Input the command cannot use: one line `Error: ...` and exit status 2 (no usage text)."""

    exit_code = 2


@dataclass(frozen=True)
class Query:
    """Which targets are asked for: a tier and the selectors a preset may need."""

    policy: Policy
    tier: str
    priority: int | None
    level: str | None
    line: str | None
    zone: str | None

    def target(self, kind: str) -> Target | None:
        return self.policy.target(self.tier, kind, self.priority, self.level, self.line)

    def calendar(self, target: Target) -> Calendar:
        """The target's calendar, moved to the customer's zone where the preset says so."""
        if self.zone and target.calendar.follows_customer_zone:
            return target.calendar.in_zone(self.zone)
        return target.calendar


def _valid(values: object) -> str:
    return ", ".join(str(value) for value in values)  # type: ignore[attr-defined]


def load(preset: str) -> Policy:
    """The policy of a bundled code or a file path; BadInput naming what is wrong."""
    try:
        return load_policy(preset)
    except PolicyError as error:
        if not is_preset_path(preset) and [p.place for p in error.problems] == ["preset"]:
            raise BadInput(f"unknown preset {preset!r}; valid presets: "
                           f"{_valid(PRESET_CODES)}") from error
        raise BadInput(f"preset {preset!r} has problems: {error}") from error


def _query(preset: str, tier: str, priority_text: str | None, level: str | None,
           line: str | None, zone: str | None) -> Query:
    """Check every code against the preset; BadInput (exit 2) lists the valid values."""
    policy = load(preset)
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise BadInput(f"--zone: unknown time zone {zone!r} (an IANA name such as "
                           "Europe/Moscow)") from None
    if policy.tier(tier) is None:
        raise BadInput(f"unknown tier {tier!r}; valid tiers of {preset}: "
                       f"{_valid(t.code for t in policy.tiers)}")
    numbers = [p.number for p in policy.priorities]
    priority = None
    if priority_text is not None:
        priority = int(priority_text) if priority_text.strip().isdigit() else None
        if priority not in numbers:
            raise BadInput(f"unknown priority {priority_text}; valid: {_valid(numbers) or 'none'}")
    tier_levels = [lv.code for lv in policy.levels if not lv.tiers or tier in lv.tiers]
    if level is not None and level not in tier_levels:
        raise BadInput(f"level {level!r} does not apply to tier {tier!r}; valid: "
                       f"{_valid(tier_levels) or 'none'}")
    line_codes = [ln.code for ln in policy.lines]
    if line is not None and line not in line_codes:
        raise BadInput(f"unknown line {line!r}; valid: {_valid(line_codes) or 'none'}")
    valid = {"priority": numbers, "level": tier_levels, "line": line_codes}
    for kind in ("first_response", "resolution"):
        for name in policy.needed_selectors(tier, kind, priority, level, line):
            raise BadInput(f"tier {tier!r} of {preset} needs --{name}; valid: "
                           f"{_valid(valid[name])}")
    return Query(policy, tier, priority, level, line, zone)


def _start(text: str, calendar: Calendar) -> datetime:
    """An ISO moment; one without an offset is read in the calendar's own zone. Seconds are
    dropped: a ticket filed at 10:00:59 counts from 10:00, the start of its minute."""
    moment = datetime.fromisoformat(text).replace(second=0, microsecond=0)
    return moment if moment.tzinfo else moment.replace(tzinfo=calendar.tzinfo)


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            datetime.fromisoformat(value)
        except ValueError as error:
            raise BadInput(f"--{param.name}: {value!r} is not an ISO date-time such as "
                           "2026-02-02T10:00 or 2026-02-02T10:00+03:00") from error
    return value


def _selectors(command: click.Command) -> click.Command:
    """The options shared by `sla due` and `sla between`."""
    options = [
        click.option("--preset", default="demo", show_default=True,
                     help="A bundled preset's code or a preset file's path."),
        click.option("--tier", required=True, help="Tier code of the preset."),
        click.option("--priority", help="Priority number (1 most urgent)."),
        click.option("--level", help="SLA level code (iStom)."),
        click.option("--line", help="Support line code (procrm sla1-sla3)."),
        click.option("--zone", help="The customer's IANA zone, for customer-zone calendars."),
        click.option("--start", required=True, callback=_moment, help="ISO start moment."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def due_times(query: Query, start: str) -> dict[str, object]:
    """First-response and resolution due moments, each in its target's calendar zone, and
    whether each is guaranteed (iStom guarantees reactions, not resolutions).

    `guaranteed` (kept from the first version of this answer) is true when every target
    the tier has is guaranteed; a kind the tier has no target for is not guaranteed.
    """
    answer: dict[str, object] = {}
    promised: dict[str, bool] = {}
    guaranteed = True
    for kind in ("first_response", "resolution"):
        target = query.target(kind)
        due = None
        promised[kind] = target is not None and target.guaranteed
        guaranteed = guaranteed and (target is None or target.guaranteed)
        if target is not None and target.minutes is not None:
            calendar = query.calendar(target)
            due = calendar.add(_start(start, calendar), target.minutes)
        answer[f"{kind}_due"] = due.isoformat(timespec="seconds") if due else None
    answer["guaranteed"] = guaranteed
    answer["first_response_guaranteed"] = promised["first_response"]
    answer["resolution_guaranteed"] = promised["resolution"]
    return answer


@click.group("sla")
def sla() -> None:
    """SLA due times of a preset (no database needed)."""


@sla.command("due")
@_selectors
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def sla_due(preset: str, tier: str, priority: str | None, level: str | None, line: str | None,
            zone: str | None, start: str, as_json: bool) -> None:
    """When the first response and the resolution are due for a ticket filed at START."""
    answer = due_times(_query(preset, tier, priority, level, line, zone), start)
    if as_json:
        click.echo(json.dumps(answer))
        return
    for key, value in answer.items():
        shown = "no such target" if value is None else value
        click.echo(f"{key}: {str(shown).lower() if isinstance(shown, bool) else shown}")


@sla.command("between")
@_selectors
@click.option("--end", required=True, callback=_moment, help="ISO end moment.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def sla_between(preset: str, tier: str, priority: str | None, level: str | None,
                line: str | None, zone: str | None, start: str, end: str,
                as_json: bool) -> None:
    """Counted minutes from START to END in the tier's first-response calendar."""
    query = _query(preset, tier, priority, level, line, zone)
    target = query.target("first_response")
    if target is None:
        raise BadInput(f"tier {tier!r} has no first-response target")
    calendar = query.calendar(target)
    minutes = calendar.minutes_between(_start(start, calendar), _start(end, calendar))
    click.echo(json.dumps({"minutes": minutes}) if as_json else str(minutes))


@click.group("policy")
def policy() -> None:
    """Support policy presets."""


@policy.command("check")
@click.argument("file")
def policy_check(file: str) -> None:
    """Name every problem of a preset FILE (or a bundled preset code); exit 1 if any."""
    path = Path(file)
    if not path.exists() and file in PRESET_CODES:
        path = PRESET_DIR / f"{file}.toml"
    problems = check_policy_file(path)
    for problem in problems:
        click.echo(f"{file}: {problem.place}: {problem.message}")
    if problems:
        raise click.exceptions.Exit(1)
    click.echo(f"{file}: ok")


commands = [sla, policy]
