"""Each of the six presets, switched on as the active policy, shows only its own vendor: no page
(home, knowledge base, search, /tiers, /hours, /prices) names another vendor, its products or
its figures, and the knowledge base's regulation section is written from the preset."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from babel.numbers import format_currency

from portal.config import PROJECT_ROOT
from portal.domain.policy import PRESET_CODES, Policy, load_preset
from portal.kb.regulation import SLUGS
from portal.kb.regulation.words import Say

RU = {"Accept-Language": "ru"}
EN = {"Accept-Language": "en"}
MONDAY_TEN = datetime(2026, 2, 2, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))


def text(response) -> str:
    """The page's visible words, tags stripped, spaces folded (a figure's space kept)."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    words = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", words.replace("\u00a0", " ").replace("\u202f", " "))


def _names(policy: Policy) -> set[str]:
    """What names a vendor: itself and its products (tier names are common words)."""
    names = {policy.vendor.ru, policy.vendor.en}
    return names | {p.name.ru for p in policy.products} | {p.name.en for p in policy.products}


def _prices(policy: Policy) -> set[str]:
    """A vendor's figures as the pages say them: each tier's price in the regulation's words,
    and its minimums and flat prices as the pages format money."""
    found = {Say(language).price(tier.price) for tier in policy.tiers
             if tier.price.rule in ("percent", "flat") for language in ("ru", "en")}
    for tier in policy.tiers:
        for amount in (*tier.price.minimum.values(), *tier.price.flat.values()):
            found |= {_money(amount, tier.price.currency, language) for language in ("ru", "en")}
    return found


def _money(amount, currency: str, language: str) -> str:
    shown = format_currency(amount, currency, locale=language)
    return shown.replace("\u00a0", " ").replace("\u202f", " ")


def foreign_marks(code: str) -> set[str]:
    """Names and price figures of every other preset that this preset does not share."""
    own = load_preset(code)
    # A license price of its own may equal another vendor's support price (15 000 ₽).
    own_marks = _names(own) | _prices(own) | {
        _money(edition.price, own.currency, language) for product in own.products
        for edition in product.editions for language in ("ru", "en")}
    marks: set[str] = set()
    for other_code in PRESET_CODES:
        if other_code != code:
            other = load_preset(other_code)
            marks |= _names(other) | _prices(other)
    # The demo vendor's hand-written articles name it "Лоцман" in every declension.
    if code != "demo":
        marks |= {"Лоцман", "Lotsman"}
    return marks - own_marks


def named(mark: str, page: str) -> bool:
    """Whether the page says `mark` as words of its own ("Стандарт" is not "Стандартная")."""
    return re.search(rf"(?<!\w){re.escape(mark)}(?!\w)", page) is not None


@pytest.fixture
def app_config(app_config, preset):
    return {**app_config, "POLICY_PRESET": preset, "KB_DIR": str(PROJECT_ROOT / "kb"),
            "KB_SYNC_ON_START": True}


def _pages(client, headers) -> dict[str, str]:
    language = headers["Accept-Language"]
    suffix = "/en" if language == "en" else ""
    urls = ["/", "/kb/", "/kb/regulation", "/tiers", "/hours", "/prices",
            "/search?q=" + ("support" if language == "en" else "поддержка"),
            "/search?q=" + ("price" if language == "en" else "стоимость")]
    urls += [f"/kb/regulation/{slug}{suffix}" for slug in SLUGS]
    pages = {}
    for url in urls:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        pages[url] = text(response)
    return pages


@pytest.mark.parametrize("preset", PRESET_CODES)
@pytest.mark.parametrize("headers", [RU, EN], ids=["ru", "en"])
def test_no_page_names_another_vendor_or_its_figures(client, freeze_clock, preset, headers):
    freeze_clock(MONDAY_TEN)
    marks = foreign_marks(preset)
    policy = load_preset(preset)
    vendor = policy.vendor.get(headers["Accept-Language"])
    for url, page in _pages(client, headers).items():
        found = sorted(mark for mark in marks if named(mark, page))
        assert not found, f"{preset} {url} names {found}"
    regulation = _pages(client, headers)
    overview = regulation[f"/kb/regulation/overview{'/en' if headers == EN else ''}"]
    assert vendor in overview
    for tier in policy.tiers:
        assert tier.name(headers["Accept-Language"]) in overview


@pytest.mark.parametrize("preset", ["axistem"])
def test_the_regulation_section_is_found_by_search_like_any_article(client, preset):
    page = text(client.get("/search?q=стоимость поддержки", headers=RU))
    assert "Стоимость поддержки Аксистем" in page
    english = text(client.get("/search?q=support prices", headers=EN))
    assert "Axistem support prices" in english


@pytest.mark.parametrize("preset", ["terrasoft"])
def test_terrasoft_tiers_say_included_and_show_the_basic_holiday_assumption(client, preset):
    """001: «On-demand ... Включена в стоимость подписки»; «Предоставление новых версий и
    критических патчей + + +»; о праздниках для «Базового» регламент молчит."""
    page = text(client.get("/tiers", headers=RU))
    assert "on-demand (в облаке): входит в стоимость подписки" in page
    assert re.search(r"(?<![\d,])0 % стоимости", page) is None
    assert page.count("входит в каждый пакет") == 3
    assert "«Базовый» работает 9:00–18:00 Пн–Пт по производственному календарю России" in page


@pytest.mark.parametrize("preset", ["ascon"])
def test_ascon_individual_is_by_contract_with_a_way_to_ask(client, preset):
    """004: «Для этого заключается отдельный договор, где оговариваются все условия»."""
    html = client.get("/tiers", headers=RU).get_data(as_text=True)
    cells = re.findall(r'<td data-tier="Индивидуальный">по отдельному договору(.*?)</td>', html)
    priced = [cell for cell in cells if 'href="/tickets/new"' in cell]
    assert len(priced) == 1 and "Запросить предложение" in priced[0]
    assert "бесплатно" not in priced[0]
    prices = client.get("/prices", headers=RU).get_data(as_text=True)
    select = re.search(r'<select id="tier" name="tier"[^>]*>(.*?)</select>', prices, re.DOTALL)
    assert select is not None and 'value="individual"' not in select.group(1)
    assert "по отдельному договору: условия и цена согласуются в нём" in text(
        client.get("/prices", headers=RU))


@pytest.mark.parametrize("preset", ["istom"])
def test_istom_tiers_bill_only_update_help_and_say_no_phone(client, preset):
    """002, 3.2: помощь в установке обновлений — 1500 руб/час; 1.5: телефонной поддержки нет,
    «только единоразово при первичной установке продуктов компании»."""
    page = text(client.get("/tiers", headers=RU))
    assert page.count("консультации и диагностика входят в поддержку") == 4
    assert page.count("1 500,00 ₽: помощь в установке обновлений") == 4
    assert "по телефону помогают только один раз, при первичной установке продуктов" in page
    english = text(client.get("/tiers", headers=EN))
    assert "the phone is used only once, at the first installation" in english


@pytest.mark.parametrize("preset", ["axistem"])
def test_axistem_hours_are_its_service_hours(client, freeze_clock, preset):
    """000: «ежедневно с 8:00 до 17:00 московского времени. Кроме выходных и праздничных
    дней» — это и показывает «Часы работы»; в понедельник 17:30 поддержка не работает."""
    freeze_clock(datetime(2026, 2, 2, 17, 30, tzinfo=ZoneInfo("Europe/Moscow")))
    page = text(client.get("/hours", headers=RU))
    assert "08:00–17:00" in page
    assert "Сегодня рабочего времени больше нет; работа возобновится" in page
    assert "Сейчас рабочее время" not in page  # the whole working day counts only targets
    tiers = client.get("/tiers", headers=RU).get_data(as_text=True)
    hours_row = re.search(r"<th scope=\"row\">Время работы</th>(.*?)</tr>", tiers, re.DOTALL)
    assert hours_row is not None
    assert hours_row.group(1).count("Пн–Пт 08:00–17:00, кроме праздников (Москва)") == 2
