"""`portal quote`: price a purchase from a JSON file under a policy preset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

import click

from portal.billing.services import QuoteInputError, quote, quote_json
from portal.domain.policy import PolicyError, load_policy
from portal.domain.pricing import PriceRuleError

BAD_INPUT = 2


def _fail(reason: str) -> NoReturn:
    click.echo(f"Error: {reason}", err=True)
    raise SystemExit(BAD_INPUT)


@click.command("quote")
@click.option("--preset", "preset_code", required=True, help="A bundled preset's code (e.g. terrasoft) or a preset file's path.")
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file: date, tier, deployment, owned, contract, buy.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the quote as JSON.")
def quote_command(preset_code: str, input_path: Path, as_json: bool) -> None:
    """Price support and licenses for a purchase; options come cheapest first."""
    try:
        policy = load_policy(preset_code)
    except PolicyError as error:
        _fail(str(error))
    try:
        data = json.loads(input_path.read_text(encoding="utf-8"))
    except OSError as error:
        _fail(f"cannot read {input_path}: {error.strerror}")
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        _fail(f"{input_path} is not valid JSON: {error}")
    try:
        options = quote(data, policy)
    except (QuoteInputError, PriceRuleError) as error:
        _fail(str(error))
    result = quote_json(options, policy.currency)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for option in result["options"]:
        click.echo(f"{option['name']}: {option['total']} {result['currency']}")
        for line in option["lines"]:
            click.echo(f"  {line['kind']:<18} {line['amount']:>12}  {line['description']}")


commands = [quote_command]
