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
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
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
