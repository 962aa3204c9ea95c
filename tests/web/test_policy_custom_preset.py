"""A vendor's own preset file, named by its path, rules every page and command that reads a policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from portal.billing.cli import quote_command
from portal.domain.policy import PRESET_DIR
from portal.policy.cli import sla


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    """The demo preset as a vendor "Acme" rewrote it: other name, limits, price and target."""
    text = (PRESET_DIR / "demo.toml").read_text(encoding="utf-8")
    for old, new in (
        ('code = "demo"', 'code = "acme"'),
        ('vendor = { ru = "Лоцман Софт", en = "Lotsman Soft" }',
         'vendor = { ru = "Акме Системс", en = "Acme Systems" }'),
        ("max_responsible_contacts = 5", "max_responsible_contacts = 2"),
        ("max_responsible_contacts = 3", "max_responsible_contacts = 2"),
        ('percent = "20"', 'percent = "17"'),
        ("priority = 1\nhours = 2\n", "priority = 1\nhours = 3\n"),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "acme.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def app_config(app_config, acme):
    return {**app_config, "POLICY_PRESET": str(acme)}


def test_the_tier_page_and_the_header_show_the_file_preset(client):
    page = client.get("/tiers", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Acme Systems" in page and "Lotsman" not in page
    assert "17 % of the license value a year" in page
    assert "20 % of the license value" not in page


def test_the_price_calculator_prices_by_the_file_preset(client):
    response = client.get("/prices?tier=standard&qty-crm-standard=100",
                          headers={"Accept-Language": "en"})
    assert response.status_code == 200
    page = " ".join(response.get_data(as_text=True).split())
    assert "Acme Systems" in page and "Lotsman Soft" not in page
    # 17 % of 100 x 12 000, above the minimum: the file's percent, not the demo's 20.
    assert "17% of the license value" in page and "RUB 204,000.00" in page
    assert "RUB 240,000.00 Total" not in page


def test_the_organization_page_counts_the_file_presets_maximum(client, auth, make_user,
                                                               make_org, make_contact):
    anna = make_user(email="anna@romashka.example")
    romashka = make_org("Ромашка")
    make_contact(anna, romashka, responsible=True)
    auth.login("anna@romashka.example")
    page = client.get(f"/organizations/{romashka.id}").get_data(as_text=True)
    assert "Регламент поддержки допускает не больше 2." in page


def test_sla_due_accepts_the_file(acme):
    result = CliRunner().invoke(sla, ["due", "--json", "--preset", str(acme), "--tier",
                                      "standard", "--priority", "1",
                                      "--start", "2026-01-12T10:00:00+03:00"])
    assert result.exit_code == 0, result.output
    # The file's 3 working hours, not the bundled demo's 2.
    assert json.loads(result.output)["first_response_due"] == "2026-01-12T13:00:00+03:00"


def test_quote_accepts_the_file(acme, tmp_path):
    order = tmp_path / "order.json"
    order.write_text(json.dumps({
        "date": "2026-01-01", "tier": "standard",
        "buy": [{"product": "crm", "edition": "standard", "quantity": 10}],
    }), encoding="utf-8")
    result = CliRunner().invoke(quote_command, ["--preset", str(acme), "--input", str(order),
                                                "--json"])
    assert result.exit_code == 0, result.output
    support = [line for option in json.loads(result.output)["options"]
               for line in option["lines"] if line["kind"] == "support"]
    assert support and all("17" in line["description"] for line in support)


def test_an_unknown_file_is_refused_with_its_path(tmp_path):
    missing = tmp_path / "nowhere.toml"
    result = CliRunner().invoke(sla, ["due", "--preset", str(missing), "--tier", "standard",
                                      "--start", "2026-01-12T10:00:00+03:00"])
    assert result.exit_code == 2
    assert "cannot be read" in result.output
