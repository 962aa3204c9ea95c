"""The command line as a vendor uses it: a preset by code or path everywhere, guarantees per
target, starts with seconds, one-line refusals (exit 2), and no app built for app-free commands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from portal.billing.cli import quote_command
from portal.domain.policy import PRESET_DIR
from portal.policy.cli import policy, sla

START = "2026-02-02T10:00:00+03:00"  # a Monday, 10:00 in Moscow


def run(*args: str):
    return CliRunner().invoke(sla, list(args))


def due(*args: str) -> dict:
    result = run("due", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_istom_guarantees_reactions_but_not_resolutions():
    """002, 2.4: «Служба технической поддержки не может гарантировать время решения
    проблемы»; 2.5.2: «Максимальное время реакции на обращение – 1 рабочий час» (оперативная,
    коммерческий уровень): с 10:00 понедельника — 11:00."""
    answer = due("--preset", "istom", "--tier", "commercial", "--level", "urgent",
                 "--start", START)
    assert answer == {"first_response_due": "2026-02-02T11:00:00+03:00", "resolution_due": None,
                      "guaranteed": False, "first_response_guaranteed": True,
                      "resolution_guaranteed": False}


def test_a_start_with_seconds_counts_from_the_start_of_its_minute():
    """1 рабочий час от 10:00:59 — это 1 час от 10:00, то есть 11:00, а не 11:00:59 или 11:01."""
    answer = due("--preset", "istom", "--tier", "commercial", "--level", "urgent",
                 "--start", "2026-02-02T10:00:59.5+03:00")
    assert answer["first_response_due"] == "2026-02-02T11:00:00+03:00"
    between = run("between", "--preset", "istom", "--tier", "commercial", "--level", "urgent",
                  "--start", "2026-02-02T10:00:59+03:00", "--end", "2026-02-02T10:30:00+03:00")
    assert between.output.strip() == "30"


@pytest.mark.parametrize(("args", "line"), [
    (["--zone", "Mars/Olympus"], "Error: --zone: unknown time zone 'Mars/Olympus'"),
    (["--start", "2026-02-30T10:00"], "Error: --start: '2026-02-30T10:00' is not an ISO date-time"),
    (["--priority", "urgent"], "Error: unknown priority urgent; valid: 1, 2, 3, 4"),
    (["--priority", "9"], "Error: unknown priority 9; valid: 1, 2, 3, 4"),
    (["--preset", "acme"], "Error: unknown preset 'acme'; valid presets:"),
    (["--preset", "/nowhere/acme.toml"], "Error: preset '/nowhere/acme.toml' has problems: file:"),
])
def test_bad_input_exits_2_with_one_line_naming_it(args, line):
    base = {"--preset": "demo", "--tier": "standard", "--priority": "1", "--start": START}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    flat = [item for pair in base.items() for item in pair]
    result = run("due", "--json", *flat)
    assert result.exit_code == 2
    assert result.output.startswith(line), result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_every_preset_option_takes_a_file_path(tmp_path):
    copy = tmp_path / "our-support.toml"
    shutil.copy(PRESET_DIR / "istom.toml", copy)
    answer = due("--preset", str(copy), "--tier", "commercial", "--level", "standard",
                 "--start", START)
    assert answer["first_response_due"] == "2026-02-02T13:00:00+03:00"  # 3 working hours
    data = tmp_path / "quote.json"
    data.write_text(json.dumps({"date": "2026-05-01", "tier": "commercial"}), encoding="utf-8")
    result = CliRunner().invoke(quote_command, ["--preset", str(copy), "--input", str(data)])
    assert result.exit_code == 0 and "15000.00" in result.output
    checked = CliRunner().invoke(policy, ["check", str(copy)])
    assert (checked.exit_code, checked.output.strip()) == (0, f"{copy}: ok")


def test_app_free_commands_answer_without_building_the_app():
    code = ("import sys; sys.argv = ['portal', 'sla', 'due', '--json', '--preset', 'istom', "
            "'--tier', 'vip', '--start', '2026-02-02T10:00']\n"
            "from portal.cli import main\n"
            "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n"
            "print('flask' in sys.modules, 'peewee' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    answer, modules = result.stdout.strip().splitlines()
    assert json.loads(answer)["first_response_due"] == "2026-02-02T11:00:00+03:00"
    assert modules == "False False"
