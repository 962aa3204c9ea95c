"""The public price calculator: page, htmx fragment, no-JS submit, both languages, presets."""

import re

import pytest

from portal.billing.services import rules_for
from portal.domain.policy import PRESET_DIR, load_preset

PRESETS = sorted(path.stem for path in PRESET_DIR.glob("*.toml"))
CHOICE = "/prices?tier=standard&qty-crm-standard=3&qty-desk-pro=2"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "POLICY_PRESET": "demo"}


def text(response):
    return response.get_data(as_text=True)


def amounts(html):
    """The amounts column, in order, as plain text."""
    cells = re.findall(r'<td class="amount">(.*?)</td>', html, re.DOTALL)
    return [re.sub(r"<[^>]+>", "", cell).replace("\xa0", " ").strip() for cell in cells]


def test_first_visit_shows_the_form_and_asks_for_products(client):
    response = client.get("/prices")
    assert response.status_code == 200
    html = text(response)
    assert '<html lang="ru">' in html
    assert "Выберите продукты и количество лицензий" in html
    assert 'name="qty-crm-standard"' in html and 'name="tier"' in html
    assert "<table" not in html
    assert 'hx-get="/prices"' in html and 'method="get"' in html


def test_submitted_form_gives_an_itemised_quote_in_russian(client):
    html = text(client.get(CHOICE))
    assert "3 × Лоцман CRM Стандарт" in html
    assert "2 × Лоцман Сервис-деск Профессиональная" in html
    # 36 000 + 36 000 of licenses; 20 % of 72 000 = 14 400 is raised to the 30 000 minimum.
    assert amounts(html) == ["36 000,00 ₽", "36 000,00 ₽", "30 000,00 ₽", "102 000,00 ₽"]
    assert "20 % от стоимости лицензий" in html
    assert "поднято до годового минимума" in html
    assert 'value="3"' in html  # the form keeps what was chosen


def test_above_the_minimum_the_page_says_so(client):
    html = text(client.get("/prices?tier=standard&qty-crm-enterprise=10"))
    # 20 % of 240 000 = 48 000, above the 30 000 minimum.
    assert amounts(html) == ["240 000,00 ₽", "48 000,00 ₽", "288 000,00 ₽"]
    assert "выше годового минимума" in html
    assert "поднято до годового минимума" not in html


def test_english_on_request(client):
    response = client.get(CHOICE, headers={"Accept-Language": "en"})
    html = text(response)
    assert '<html lang="en">' in html
    assert "3 × Lotsman CRM Standard" in html
    assert "raised to the annual minimum of" in html
    assert amounts(html)[-1] == "RUB 102,000.00"


def test_htmx_gets_only_the_quote_fragment(client):
    response = client.get(CHOICE, headers={"HX-Request": "true"})
    html = text(response)
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in html and "<form" not in html
    assert html.lstrip().startswith("<article") or "quote-option" in html.split("\n", 3)[2]
    assert amounts(html)[-1] == "102 000,00 ₽"


def test_a_boosted_navigation_gets_the_whole_page(client):
    headers = {"HX-Request": "true", "HX-Boosted": "true"}
    assert "<html" in text(client.get(CHOICE, headers=headers))


def test_a_tier_without_paid_support_prices_only_licenses(client):
    html = text(client.get("/prices?tier=community&qty-docs-basic=2"))
    assert amounts(html) == ["15 000,00 ₽", "0,00 ₽", "15 000,00 ₽"]
    assert "на этом уровне платной поддержки нет" in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("tier=standard&qty-crm-standard=-1", "qty-crm-standard"),
        ("tier=standard&qty-desk-pro=many", "qty-desk-pro"),
        ("tier=gold&qty-desk-pro=1", "tier"),
    ],
)
def test_bad_values_are_marked_and_not_priced(client, query, field):
    response = client.get(f"/prices?{query}")
    assert response.status_code == 422
    html = text(response)
    assert "Исправьте эти поля:" in html
    assert f'<a href="#{field}">' in html
    assert f'id="{field}-error"' in html
    assert re.search(rf'<[^>]*aria-invalid="true"[^>]*id="{field}"', html) or re.search(
        rf'id="{field}"[^>]*aria-invalid="true"', html
    )
    assert "<table" not in html


def test_htmx_gets_the_list_of_wrong_fields_in_the_users_language(client):
    # The live form is not re-rendered, so the fragment itself names each field and why.
    headers = {"HX-Request": "true"}
    response = client.get("/prices?tier=standard&qty-desk-pro=-2", headers=headers)
    assert response.status_code == 422
    html = text(response)
    assert "<form" not in html
    assert '<a href="#qty-desk-pro">Лоцман Сервис-деск Профессиональная</a>' in html
    assert "между 0 и 100000" in html
    english = client.get(
        "/prices?tier=standard&qty-desk-pro=-2", headers={**headers, "Accept-Language": "en"}
    )
    assert '<a href="#qty-desk-pro">Lotsman Service Desk Pro</a>' in text(english)
    assert "Number must be between 0 and 100000." in text(english)


def test_a_valid_choice_answers_200(client):
    assert client.get(CHOICE).status_code == 200
    assert client.get("/prices").status_code == 200


def test_tier_rules_are_listed(client):
    html = text(client.get("/prices"))
    assert "35 % от стоимости лицензий в год, не менее" in html
    assert "120\xa0000,00\xa0₽" in html


@pytest.mark.parametrize("code", PRESETS)
def test_every_preset_has_usable_price_tables(code):
    policy = load_preset(code)
    rules = rules_for(policy)
    assert set(rules) == {tier.code for tier in policy.tiers}
    assert {rule.currency for rule in rules.values()} == {policy.currency}


@pytest.mark.parametrize("code", PRESETS)
def test_the_calculator_renders_for_every_preset(app_config, code):
    from portal import create_app

    app = create_app({**app_config, "POLICY_PRESET": code})
    policy = load_preset(code)
    product = policy.products[0]
    query = f"qty-{product.code}-{product.editions[0].code}=1"
    for language in ("ru", "en"):
        response = app.test_client().get(f"/prices?{query}", headers={"Accept-Language": language})
        assert response.status_code == 200
        assert "quote-option" in text(response)


def client_for(app_config, code):
    from portal import create_app

    return create_app({**app_config, "POLICY_PRESET": code}).test_client()


def test_terrasoft_prices_by_deployment(app_config):
    client = client_for(app_config, "terrasoft")
    base = "/prices?tier=business&qty-sales-enterprise=10"
    on_site = text(client.get(f"{base}&deployment=on-site", headers={"Accept-Language": "en"}))
    # 9 000 EUR of licenses: on-site 20 % = 1 800; on-demand 10 % = 900; both above 500.
    assert amounts(on_site) == ["€9,000.00", "€1,800.00", "€10,800.00"]
    on_demand = text(client.get(f"{base}&deployment=on-demand", headers={"Accept-Language": "en"}))
    assert amounts(on_demand) == ["€9,000.00", "€900.00", "€9,900.00"]
    premium = text(client.get("/prices?tier=premium&deployment=on-site&qty-sales-team=2"))
    assert amounts(premium)[1:] == ["10 000,00 €", "10 600,00 €"]
    assert "поднято до годового минимума" in premium
    basic = text(client.get("/prices?tier=basic&deployment=on-demand&qty-sales-team=2"))
    assert "входит в стоимость лицензий или подписки" in basic


def test_axistem_first_licenses_come_with_a_free_warranty_year(app_config):
    client = client_for(app_config, "axistem")
    policy = load_preset("axistem")
    product = policy.products[0]
    edition = product.editions[0]
    html = text(client.get(f"/prices?tier=basic&qty-{product.code}-{edition.code}=2"))
    assert "Бесплатно 12 мес. после покупки первой лицензии" in html
    assert "Затем" in html and "20 % от стоимости лицензий" in html
    assert amounts(html)[1] == "0,00 ₽"


def test_istom_flat_price(app_config):
    client = client_for(app_config, "istom")
    html = text(client.get("/prices?tier=vip", headers={"Accept-Language": "en"}))
    assert "a flat price per year" in html
    assert amounts(html)[-1] == "RUB 30,000.00"


def test_the_demo_preset_switcher_also_prices_that_vendor(client, app):
    app.config["DEMO_MODE"] = True
    assert client.post("/tiers/preset", data={"preset": "terrasoft"}).status_code == 303
    html = text(client.get("/prices", headers={"Accept-Language": "en"}))
    assert "Lotsman" not in html and 'value="business"' in html
    assert 'name="deployment"' in html  # Terrasoft prices by deployment


@pytest.fixture
def on_first_of_july(freeze_clock):
    """The calculator's today: 1 July 2026, 184 of the 365 days of 2026 left."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    freeze_clock(datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/Moscow")))


TERM = "contract_kind=paid&contract_start=2026-01-01&contract_end=2026-12-31"


def test_a_customer_adding_licenses_sees_proration_and_a_fresh_year(client, on_first_of_july):
    query = f"tier=priority&qty-crm-enterprise=5&own-crm-enterprise=20&contract=priority&{TERM}"
    html = text(client.get(f"/prices?{query}"))
    # 35 % of 480 000 = 168 000 -> of 600 000 = 210 000; 42 000 x 184 / 365 = 21 172.60.
    options = re.findall(r'data-option="([^"]+)"', html)
    assert options == ["prorate", "fresh-year"]
    assert amounts(html) == [
        "120 000,00 ₽", "21 172,60 ₽", "141 172,60 ₽",
        "120 000,00 ₽", "210 000,00 ₽", "330 000,00 ₽",
    ]
    assert "× 184 из 365 дней" in html
    assert "Новый год поддержки на все лицензии" in html
    assert re.search(r'<details class="customer" open>', html)


def test_a_customer_changing_tier_mid_term_pays_the_prorated_difference(client, on_first_of_july):
    query = f"tier=priority&own-crm-enterprise=20&contract=standard&{TERM}"
    html = text(client.get(f"/prices?{query}", headers={"Accept-Language": "en"}))
    # 20 % of 480 000 = 96 000 -> 35 % = 168 000; 72 000 x 184 / 365 = 36 295.89.
    assert re.findall(r'data-option="([^"]+)"', html) == ["prorate"]
    assert "Move from “Standard” to “Priority” for the rest of the term" in html
    assert amounts(html) == ["RUB 36,295.89", "RUB 36,295.89"]


def test_an_expired_contract_is_renewed_at_current_prices(client, on_first_of_july):
    term = "contract_start=2025-01-01&contract_end=2025-12-31"
    html = text(client.get(f"/prices?tier=standard&own-desk-pro=10&contract=standard&{term}"))
    assert re.findall(r'data-option="([^"]+)"', html) == ["renewal"]
    assert "Продление поддержки «Стандарт»" in html
    assert amounts(html) == ["36 000,00 ₽", "36 000,00 ₽"]  # 20 % of 180 000


@pytest.mark.parametrize(
    ("term", "field", "message"),
    [
        ("contract_start=&contract_end=2026-12-31", "contract_start", "Укажите первый день"),
        ("contract_start=2026-01-01&contract_end=", "contract_end", "Укажите последний день"),
        (
            "contract_start=2026-01-01&contract_end=2025-12-31",
            "contract_end",
            "Срок не может закончиться раньше, чем начался.",
        ),
        ("contract_start=2026-01-01&contract_end=soon", "contract_end", "Неверное значение даты"),
    ],
)
def test_a_contract_needs_a_whole_term(client, term, field, message):
    response = client.get(f"/prices?tier=standard&qty-crm-standard=1&contract=standard&{term}")
    assert response.status_code == 422
    html = text(response)
    assert f'<a href="#{field}">' in html and message in html
    assert "<table" not in html
    assert '<details class="customer" open>' in html


def test_without_a_contract_the_term_is_not_asked_for(client):
    query = "tier=standard&qty-crm-standard=1&contract=&contract_start=&contract_end="
    response = client.get(f"/prices?{query}")
    assert response.status_code == 200
    assert re.findall(r'data-option="([^"]+)"', text(response)) == ["new"]
    assert '<details class="customer">' in text(response)
