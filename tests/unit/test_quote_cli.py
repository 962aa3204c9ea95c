"""`portal quote`: JSON in, options out, cheapest first; bad input exits 2 with the reason."""

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from portal.billing.cli import commands, quote_command

TERM_2026 = {"tier": "standard", "kind": "paid", "start": "2026-01-01", "end": "2026-12-31"}


def run(tmp_path, data, *extra, preset="demo"):
    path = tmp_path / "quote.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    args = ["--preset", preset, "--input", str(path), *extra]
    return CliRunner().invoke(quote_command, args)


def run_json(tmp_path, data, preset="demo"):
    result = run(tmp_path, data, "--json", preset=preset)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_command_is_registered_as_quote():
    assert [command.name for command in commands] == ["quote"]


def test_add_on_licenses_are_prorated_at_catalogue_prices(tmp_path):
    data = {
        "date": "2026-07-01",
        "tier": "standard",
        "owned": [{"product": "crm", "edition": "standard", "quantity": 30}],
        "contract": TERM_2026,
        "buy": [{"product": "crm", "edition": "standard", "quantity": 10}],
    }
    out = run_json(tmp_path, data)
    assert out["currency"] == "RUB"
    [option] = out["options"]
    assert option["name"] == "prorate"
    license_line, support = option["lines"]
    assert (license_line["kind"], license_line["amount"]) == ("license", "120000.00")
    # 20 % of 360 000 = 72 000 -> of 480 000 = 96 000; 24 000 x 184 / 365 = 12098.63.
    assert support["kind"] == "support-proration"
    assert support["amount"] == "12098.63"
    assert (support["days_left"], support["days_in_term"]) == (184, 365)
    assert (support["annual_before"], support["annual_after"]) == ("72000.00", "96000.00")
    assert support["percent"] == "20"
    assert support["minimum_applied"] is False
    assert "184/365 days left" in support["description"]
    assert option["total"] == "132098.63"


def test_a_given_unit_price_wins_over_the_catalogue(tmp_path):
    data = {
        "date": "2026-07-01",
        "tier": "standard",
        "contract": None,
        "buy": [{"product": "crm", "quantity": 2, "unit_price": "1000.00"}],
    }
    [option] = run_json(tmp_path, data)["options"]
    assert option["name"] == "new"
    assert [(line["kind"], line["amount"]) for line in option["lines"]] == [
        ("license", "2000.00"),
        ("support", "30000.00"),
    ]
    assert option["lines"][1]["minimum_applied"] is True
    assert option["lines"][1]["term_end"] == "2027-06-30"


def test_options_come_cheapest_first(tmp_path):
    data = {
        "date": "2026-10-01",
        "tier": "priority",
        "owned": [{"product": "crm", "edition": "enterprise", "quantity": 20}],
        "contract": {**TERM_2026, "tier": "priority"},
        "buy": [{"product": "crm", "edition": "enterprise", "quantity": 5}],
    }
    options = run_json(tmp_path, data)["options"]
    assert [o["name"] for o in options] == ["prorate", "fresh-year"]
    totals = [Decimal(o["total"]) for o in options]
    assert totals == sorted(totals) and totals[0] < totals[1]
    # 35 % of 600 000 = 210 000 for a fresh year on all licenses.
    assert options[1]["lines"][-1]["amount"] == "210000.00"


def test_an_expired_contract_is_renewed(tmp_path):
    data = {
        "date": "2027-03-01",
        "tier": "standard",
        "owned": [{"product": "desk", "edition": "pro", "quantity": 10}],
        "contract": TERM_2026,
        "buy": [],
    }
    [option] = run_json(tmp_path, data)["options"]
    assert option["name"] == "renewal"
    assert [(line["kind"], line["amount"]) for line in option["lines"]] == [("renewal", "36000.00")]


def test_text_output_lists_lines(tmp_path):
    data = {
        "date": "2026-07-01",
        "tier": "standard",
        "contract": None,
        "buy": [{"product": "docs", "edition": "basic", "quantity": 4}],
    }
    result = run(tmp_path, data)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "new: 60000.00 RUB"
    assert "4 x Lotsman Docs Basic licenses at 7500.00" in result.output


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("{not json", "is not valid JSON"),
        ([], "the input must be a JSON object"),
        ({"date": "2026-07-01", "tier": "gold"}, "tier 'gold' is not a tier of demo"),
        ({"date": "1 July", "tier": "standard"}, "date must be a date like 2026-07-01"),
        (
            {
                "date": "2026-07-01",
                "tier": "standard",
                "buy": [{"product": "crm", "quantity": 1, "unit_price": 1000.5}],
            },
            'buy[0].unit_price must be a string like "1000.00"',
        ),
        (
            {"date": "2026-07-01", "tier": "standard", "buy": [{"product": "crm", "quantity": -1}]},
            "buy[0].quantity must be a whole number >= 0",
        ),
        (
            {"date": "2026-07-01", "tier": "standard", "buy": [{"product": "crm", "quantity": 1}]},
            "buy[0] needs an edition or a unit_price",
        ),
        (
            {"date": "2026-07-01", "tier": "standard", "buy": [{"product": "erp", "quantity": 1}]},
            "buy[0].product 'erp' is not in the catalogue",
        ),
        (
            {
                "date": "2026-07-01",
                "tier": "standard",
                "contract": {**TERM_2026, "end": "2025-12-31"},
            },
            "contract: the contract ends before",
        ),
        (
            {"date": "2026-07-01", "tier": "standard", "contract": {**TERM_2026, "kind": "trial"}},
            "contract: contract kind must be paid or warranty",
        ),
        (
            {
                "date": "2026-07-01",
                "tier": "standard",
                "buy": [{"product": "crm", "quantity": 1, "unit_price": "1e30"}],
            },
            "buy[0].unit_price must be at most 1000000000000",
        ),
        (
            {
                "date": "2026-07-01",
                "tier": "standard",
                "buy": [{"product": "crm", "edition": "standard", "quantity": 10**30}],
            },
            "buy[0].quantity must be at most 1000000",
        ),
        (
            {"date": "2026-07-01", "tier": "standard", "by": [{"product": "crm", "quantity": 1}]},
            "the input: unknown key 'by'",
        ),
        (
            {
                "date": "2026-07-01",
                "tier": "standard",
                "buy": [{"product": "crm", "edition": "standard", "qty": 1}],
            },
            "buy[0]: unknown key 'qty'",
        ),
        (
            {"date": "2026-07-01", "tier": "standard", "upgrade": {"product": "crm"}},
            "upgrade must be a list",
        ),
        (
            {
                "date": "2026-07-01",
                "tier": "standard",
                "upgrade": [
                    {"product": "crm", "edition": "standard", "quantity": 1, "rented": "no"}
                ],
            },
            "upgrade[0].rented must be true or false",
        ),
        (
            {"date": "2026-07-01", "tier": "standard", "hours": {"diagnostics": "1e13"}},
            "hours.diagnostics must be at most",
        ),
        (
            {"date": "2026-07-01", "tier": "standard", "deployment": 5},
            "deployment must be a string",
        ),
    ],
)
def test_bad_input_exits_2_with_the_reason(tmp_path, data, reason):
    result = run(tmp_path, data, "--json")
    assert result.exit_code == 2
    assert reason in result.output


def test_unknown_preset_exits_2(tmp_path):
    result = run(tmp_path, {"date": "2026-07-01", "tier": "standard"}, preset="nope")
    assert result.exit_code == 2
    assert "unknown preset 'nope'" in result.output


def test_missing_input_file_exits_2(tmp_path):
    result = CliRunner().invoke(
        quote_command, ["--preset", "demo", "--input", str(tmp_path / "missing.json")]
    )
    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_terrasoft_worked_example_from_the_issue(tmp_path):
    data = {
        "date": "2026-07-01",
        "tier": "business",
        "deployment": "on-site",
        "owned": [{"product": "sales", "quantity": 30, "unit_price": "1000.00"}],
        "contract": {
            "tier": "business",
            "kind": "paid",
            "start": "2026-01-01",
            "end": "2026-12-31",
        },
        "buy": [{"product": "sales", "quantity": 10, "unit_price": "1000.00"}],
    }
    out = run_json(tmp_path, data, preset="terrasoft")
    assert out["currency"] == "EUR"
    assert [(o["name"], o["total"]) for o in out["options"]] == [("prorate", "11008.22")]
    assert [(line["kind"], line["amount"]) for line in out["options"][0]["lines"]] == [
        ("license", "10000.00"),
        ("support-proration", "1008.22"),
    ]


def test_axistem_offers_both_options_cheapest_first(tmp_path):
    data = {
        "date": "2026-07-01",
        "tier": "basic",
        "owned": [{"product": "crm", "quantity": 10, "unit_price": "10000.00"}],
        "contract": {"tier": "basic", "kind": "paid", "start": "2026-01-01", "end": "2026-12-31"},
        "buy": [{"product": "crm", "quantity": 5, "unit_price": "10000.00"}],
    }
    out = run_json(tmp_path, data, preset="axistem")
    # 20 % of 100 000 -> 150 000: 10 000 x 184 / 365 = 5041.10; a fresh year: 30 000.
    assert [(o["name"], o["total"]) for o in out["options"]] == [
        ("prorate", "55041.10"),
        ("fresh-year", "80000.00"),
    ]


def test_terrasoft_needs_the_deployment(tmp_path):
    data = {
        "date": "2026-07-01",
        "tier": "business",
        "contract": None,
        "buy": [{"product": "sales", "quantity": 1, "unit_price": "1000.00"}],
    }
    result = run(tmp_path, data, preset="terrasoft")
    assert result.exit_code == 2
    assert "depends on the deployment (on-demand, on-site)" in result.output


def test_upgrades_and_hours_are_priced_by_the_tier(tmp_path):
    data = {
        "date": "2026-07-01",
        "tier": "extended",
        "owned": [{"product": "crm", "edition": "standard", "quantity": 4}],
        "contract": {
            "tier": "extended",
            "kind": "paid",
            "start": "2026-01-01",
            "end": "2026-12-31",
        },
        "upgrade": [
            {"product": "crm", "edition": "professional", "quantity": 4},
            {"product": "crm", "edition": "standard", "quantity": 2, "rented": True},
        ],
        "hours": {
            "consulting": "12",
            "user_errors": "1",
            "diagnostics": "2",
            "product_failure": True,
        },
    }
    # Nothing is bought, so no fresh year on all licenses is offered beside the proration.
    [option] = run_json(tmp_path, data, preset="axistem")["options"]
    priced = [(line["kind"], line.get("work"), line["amount"]) for line in option["lines"]]
    assert priced == [
        ("upgrade", None, "11200.00"),  # 10 % of 4 x 28 000
        ("upgrade", None, "0.00"),  # Extended: moving rented licenses is free
        ("hours", "consulting", "2400.00"),  # 12 h - 10 free = 2 h x 1 200
        ("hours", "user-errors", "1200.00"),
        ("support-proration", None, "0.00"),
    ]


def test_hours_must_be_strings_not_floats(tmp_path):
    data = {"date": "2026-07-01", "tier": "basic", "hours": {"consulting": 2.5}}
    result = run(tmp_path, data, preset="axistem")
    assert result.exit_code == 2
    assert 'hours.consulting must be a string like "1000.00"' in result.output
