"""Reading the product catalogue and the warranty rules of a preset."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portal.domain.policy.model import Edition, Product, Text, WarrantyRule
from portal.domain.policy.read import Reader

PRODUCT_KEYS = {"code", "name_ru", "name_en", "versions", "rent_month", "editions"}
EDITION_KEYS = {"code", "name_ru", "name_en", "price", "commercial"}
WARRANTY_KEYS = {"tier", "months", "starts", "scope", "restarted_by_update", "then", "note"}


def read_products(read: Reader, raw: Mapping[str, Any]) -> tuple[Product, ...]:
    """The vendor's catalogue; every price a Decimal."""
    products = []
    codes: set[str] = set()
    for place, table in read.tables(raw, "products"):
        read.known_keys(table, place, PRODUCT_KEYS)
        before = len(read.problems)
        code = read.value(table, "code", place, str)
        if code in codes:
            read.problem(f"{place}.code", f"product {code!r} is listed twice")
        codes.add(code)
        name_ru = read.value(table, "name_ru", place, str)
        name_en = read.value(table, "name_en", place, str)
        versions = read.strings(table, "versions", place)
        if not versions:
            read.problem(f"{place}.versions", "a product needs at least one version")
        rent = read.decimal(table, "rent_month", place, required=False)
        editions = []
        for edition_place, edition in read.tables(table, "editions", place, required=True):
            read.known_keys(edition, edition_place, EDITION_KEYS)
            edition_code = read.value(edition, "code", edition_place, str)
            edition_ru = read.value(edition, "name_ru", edition_place, str)
            edition_en = read.value(edition, "name_en", edition_place, str)
            price = read.decimal(edition, "price", edition_place)
            commercial = read.value(edition, "commercial", edition_place, bool,
                                    required=False, default=True)
            if None not in (edition_code, edition_ru, edition_en, price):
                editions.append(Edition(code=edition_code, name=_text(edition_ru, edition_en),
                                        price=price, commercial=commercial))  # type: ignore[arg-type]
        if not editions and len(read.problems) == before:
            read.problem(f"{place}.editions", "a product needs at least one edition")
        if len(read.problems) == before:
            products.append(Product(code=code, name=_text(name_ru, name_en), versions=versions,
                                    editions=tuple(editions), rent_month=rent))
    return tuple(products)


def read_warranty(read: Reader, raw: Mapping[str, Any], tier_codes: set[str]) -> tuple[WarrantyRule, ...]:
    """Warranty rules: which tier is free for how long after which purchase."""
    rules = []
    for place, table in read.tables(raw, "warranty"):
        read.known_keys(table, place, WARRANTY_KEYS)
        before = len(read.problems)
        tier = read.value(table, "tier", place, str)
        then_tier = read.value(table, "then", place, str)
        for key, code in (("tier", tier), ("then", then_tier)):
            if code is not None and code not in tier_codes:
                read.problem(f"{place}.{key}", f"unknown tier {code!r}")
        months = read.count(table, "months", place, minimum=1)
        starts = read.choice(table, "starts", place, ("first-license", "product-purchase"))
        scope = read.choice(table, "scope", place, ("organization", "product-version"))
        restarted = read.value(table, "restarted_by_update", place, bool)
        note = read.text(table, "note", place, required=False)
        if len(read.problems) == before:
            rules.append(WarrantyRule(tier=tier, months=months, starts=starts, scope=scope,  # type: ignore[arg-type]
                                      restarted_by_update=restarted, then_tier=then_tier,
                                      note=note))
    return tuple(rules)


def _text(ru: str | None, en: str | None) -> Text:
    return Text(ru=ru or "", en=en or "")
