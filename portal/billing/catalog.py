"""The catalogue in the database: each edition's list price, loaded from the preset, with the
history of every change (an administrator's new price starts a new row, the old ones stay)."""
from __future__ import annotations

from decimal import Decimal

from portal.billing.models import CatalogPrice
from portal.clock import stored_now
from portal.db import db
from portal.domain.policy import Policy
from portal.errors import Invalid, NotFound


def sync_from_preset(policy: Policy) -> int:
    """Add a price row for each edition whose preset price differs from the current one."""
    added = 0
    with db.atomic():
        current = CatalogPrice.current()
        for product in policy.products:
            for edition in product.editions:
                if current.get((product.code, edition.code)) != edition.price:
                    CatalogPrice.create(product=product.code, edition=edition.code,
                                        price=edition.price, currency=policy.currency,
                                        since=stored_now(), source="preset")
                    added += 1
    return added


def set_price(policy: Policy, product_code: str, edition_code: str, price: Decimal) -> None:
    """An administrator's new list price; it applies to quotes and orders from now on."""
    product = policy.product(product_code)
    edition = product.edition(edition_code) if product else None
    if edition is None:
        raise NotFound(f"no edition {edition_code!r} of product {product_code!r}")
    if not price.is_finite() or price < 0:
        raise Invalid("a price is a non-negative amount", field="price")
    CatalogPrice.create(product=product_code, edition=edition_code,
                        price=price.quantize(Decimal("0.01")), currency=policy.currency,
                        since=stored_now(), source="admin")


def current_prices(policy: Policy) -> dict[tuple[str, str], Decimal]:
    """Today's list price of every edition: the database's, else the preset's."""
    stored = CatalogPrice.current()
    return {(product.code, edition.code): stored.get((product.code, edition.code), edition.price)
            for product in policy.products for edition in product.editions}


def price_history(product_code: str, edition_code: str) -> list[CatalogPrice]:
    return list(CatalogPrice.select()
                .where((CatalogPrice.product == product_code)
                       & (CatalogPrice.edition == edition_code))
                .order_by(CatalogPrice.since.desc(), CatalogPrice.id.desc()))
