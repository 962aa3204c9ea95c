"""The quote input (JSON-shaped, from `portal quote` or the page) checked into a QuoteRequest."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from portal.domain.policy import Policy, Product
from portal.domain.pricing import (
    Contract,
    HoursUsed,
    LicenseLine,
    PricingError,
    QuoteRequest,
    VersionMove,
)

# Bounds keep every product of a price and a quantity within Decimal's 28 digits, so a
# typo such as "1e30" is refused with a reason instead of failing deep in the rounding.
MAX_AMOUNT = Decimal(10**12)
MAX_QUANTITY = 1_000_000
TOP_KEYS = {"date", "tier", "deployment", "owned", "contract", "buy", "upgrade", "hours"}
LICENSE_KEYS = {"product", "edition", "quantity", "unit_price"}
UPGRADE_KEYS = LICENSE_KEYS | {"rented", "rent_month"}
CONTRACT_KEYS = {"tier", "kind", "start", "end"}
HOURS_KEYS = {"consulting", "free_hours_used", "user_errors", "diagnostics", "product_failure",
              "update_help"}


class QuoteInputError(ValueError):
    """A quote request that cannot be priced; the message says why."""


def _known_keys(raw: Mapping, allowed: set[str], where: str) -> None:
    # A misspelt key ("by" for "buy") would silently price nothing: refuse it.
    unknown = sorted(str(key) for key in raw if key not in allowed)
    if unknown:
        known = ", ".join(sorted(allowed))
        raise QuoteInputError(f"{where}: unknown key {unknown[0]!r} (known: {known})")


def _money(raw: object, where: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise QuoteInputError(f'{where} must be a string like "1000.00"')
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise QuoteInputError(f"{where}: {raw!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise QuoteInputError(f"{where} must be a non-negative number")
    if value > MAX_AMOUNT:
        raise QuoteInputError(f"{where} must be at most {MAX_AMOUNT}")
    return value


def _flag(raw: object, where: str) -> bool:
    if not isinstance(raw, bool):
        raise QuoteInputError(f"{where} must be true or false")
    return raw


def _date(raw: object, where: str) -> date:
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise QuoteInputError(f"{where} must be a date like 2026-07-01, not {raw!r}") from None


def product_name(product: Product, edition_code: str, language: str) -> str:
    """`CRM Standard`, in the page's language; the product alone when it has one edition."""
    edition = product.edition(edition_code)
    name = product.name.get(language)
    if edition is None or len(product.editions) < 2:
        return name
    return f"{name} {edition.name.get(language)}"


def _license(
    raw: object, where: str, policy: Policy, language: str, keys: set[str] = LICENSE_KEYS
) -> LicenseLine:
    if not isinstance(raw, Mapping):
        raise QuoteInputError(f"{where} must be an object with product and quantity")
    _known_keys(raw, keys, where)
    code = raw.get("product")
    quantity = raw.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise QuoteInputError(f"{where}.quantity must be a whole number >= 0")
    if quantity > MAX_QUANTITY:
        raise QuoteInputError(f"{where}.quantity must be at most {MAX_QUANTITY}")
    product = policy.product(str(code))
    if product is None:
        known = ", ".join(p.code for p in policy.products) or "none"
        raise QuoteInputError(f"{where}.product {code!r} is not in the catalogue ({known})")
    only_edition = product.editions[0].code if len(product.editions) == 1 else ""
    edition_code = raw.get("edition") or only_edition
    edition = product.edition(str(edition_code))
    if raw.get("edition") and edition is None:
        known = ", ".join(e.code for e in product.editions)
        raise QuoteInputError(f"{where}.edition {edition_code!r} is not one of {known}")
    if raw.get("unit_price") is not None:
        unit_price = _money(raw["unit_price"], f"{where}.unit_price")
    elif edition is not None:
        unit_price = edition.price
    else:
        raise QuoteInputError(f"{where} needs an edition or a unit_price")
    name = product_name(product, str(edition_code), language)
    commercial = edition.commercial if edition is not None else True
    return LicenseLine(product.code, quantity, unit_price, str(edition_code), name, commercial)


def _list(data: Mapping, key: str) -> list:
    raw = data.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise QuoteInputError(f"{key} must be a list")
    return raw


def _licenses(data: Mapping, key: str, policy: Policy, language: str) -> tuple[LicenseLine, ...]:
    items = _list(data, key)
    return tuple(_license(item, f"{key}[{i}]", policy, language) for i, item in enumerate(items))


def _contract(raw: object, policy: Policy) -> Contract | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise QuoteInputError("contract must be an object or null")
    _known_keys(raw, CONTRACT_KEYS, "contract")
    tier = raw.get("tier")
    if policy.tier(str(tier)) is None:
        raise QuoteInputError(f"contract.tier {tier!r} is not a tier of {policy.code}")
    if raw.get("kind") == "warranty" and not has_warranty(policy):
        raise QuoteInputError(f"contract.kind: {policy.code} has no warranty period, so there "
                              "is no warranty contract")
    try:
        return Contract(
            str(tier),
            str(raw.get("kind", "paid")),
            _date(raw.get("start"), "contract.start"),
            _date(raw.get("end"), "contract.end"),
        )
    except PricingError as error:
        raise QuoteInputError(f"contract: {error}") from None


def has_warranty(policy: Policy) -> bool:
    """Whether any tier of the policy is free for a warranty period."""
    return bool(policy.warranty) or any(t.price.warranty_months for t in policy.tiers)


def _moves(data: Mapping, policy: Policy) -> tuple[VersionMove, ...]:
    moves = []
    for i, raw in enumerate(_list(data, "upgrade")):
        where = f"upgrade[{i}]"
        line = _license(raw, where, policy, "en", UPGRADE_KEYS)
        rented = _flag(raw.get("rented", False), f"{where}.rented")
        product = policy.product(line.product)
        rent_month = product.rent_month if product else None
        if raw.get("rent_month") is not None:
            rent_month = _money(raw["rent_month"], f"{where}.rent_month")
        if rented and rent_month is None:
            raise QuoteInputError(f"{where} needs rent_month for rented licenses")
        moves.append(
            VersionMove(
                line.product, line.quantity, line.unit_price, rented, rent_month, line.label
            )
        )
    return tuple(moves)


def _hours(raw: object) -> HoursUsed | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise QuoteInputError("hours must be an object")
    _known_keys(raw, HOURS_KEYS, "hours")
    amounts = {
        key: _money(raw.get(key, "0"), f"hours.{key}")
        for key in ("consulting", "free_hours_used", "user_errors", "diagnostics", "update_help")
    }
    failure = _flag(raw.get("product_failure", False), "hours.product_failure")
    return HoursUsed(**amounts, product_failure=failure)


def quote_request(data: object, policy: Policy, language: str = "en") -> QuoteRequest:
    """Check the CLI's / page's JSON-shaped input and build the pricing request."""
    if not isinstance(data, Mapping):
        raise QuoteInputError("the input must be a JSON object")
    _known_keys(data, TOP_KEYS, "the input")
    tier = data.get("tier")
    if policy.tier(str(tier)) is None:
        known = ", ".join(t.code for t in policy.tiers)
        raise QuoteInputError(f"tier {tier!r} is not a tier of {policy.code} ({known})")
    deployment = data.get("deployment")
    if deployment is not None and not isinstance(deployment, str):
        raise QuoteInputError("deployment must be a string such as on-site")
    return QuoteRequest(
        on=_date(data.get("date"), "date"),
        tier=str(tier),
        currency=policy.currency,
        deployment=deployment,
        owned=_licenses(data, "owned", policy, language),
        buy=_licenses(data, "buy", policy, language),
        contract=_contract(data.get("contract"), policy),
        moves=_moves(data, policy),
        hours=_hours(data.get("hours")),
    )
