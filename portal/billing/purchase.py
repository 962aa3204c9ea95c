"""What an organization may buy today, priced on the server from what it owns and holds.

The browser sends only choices (tier, quantities, version moves); every price comes from the
catalogue and the pricing core, never from the form.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from portal.accounts.models import Organization
from portal.billing.catalog import current_prices
from portal.billing.models import License, SupportContract
from portal.billing.services import QuoteInputError, quote
from portal.domain.policy import Policy
from portal.domain.pricing import QuoteOption
from portal.errors import Invalid


@dataclass(frozen=True)
class Purchase:
    """The customer's choices: a tier, licenses to buy, products to move to a new version."""

    tier: str
    deployment: str | None = None
    buy: dict[tuple[str, str], int] = field(default_factory=dict)
    move: tuple[str, ...] = ()  # products whose owned licenses move to the newest version

    @property
    def buys_anything(self) -> bool:
        return any(quantity > 0 for quantity in self.buy.values())


def current_contract(organization: Organization | None, on: date) -> SupportContract | None:
    """The organization-wide contract a purchase is priced against: the running one, else the
    one that ended last (a renewal)."""
    if organization is None:
        return None
    rows = [row for row in SupportContract.of(organization) if row.product is None]
    running = [row for row in rows if row.first_day <= on <= row.last_day]
    if running:
        return max(running, key=lambda row: (row.kind == "paid", row.last_day))
    ended = [row for row in rows if row.last_day < on]
    return max(ended, key=lambda row: row.last_day) if ended else None


def quote_data(policy: Policy, organization: Organization | None, purchase: Purchase,
               on: date) -> dict:
    """The pricing core's input for this purchase, with today's catalogue prices."""
    prices = current_prices(policy)

    def line(product: str, edition: str, quantity: int) -> dict:
        if (product, edition) not in prices:
            raise Invalid(_("%(product)s %(edition)s is not in the catalogue.", product=product,
                             edition=edition), field="buy")
        return {"product": product, "edition": edition, "quantity": quantity,
                "unit_price": str(prices[(product, edition)])}

    owned = [line(row.product, row.edition, row.quantity)
             for row in (License.of(organization) if organization else [])]
    buy = [line(product, edition, quantity)
           for (product, edition), quantity in sorted(purchase.buy.items()) if quantity > 0]
    moves = []
    for product_code in purchase.move:
        rows = [row for row in owned if row["product"] == product_code]
        if not rows:
            raise Invalid(_("There are no licenses of %(product)s to move to a new version.",
                            product=product_code), field="move")
        moves += [dict(row, rented=False) for row in rows]
    contract = current_contract(organization, on)
    return {
        "date": on.isoformat(), "tier": purchase.tier, "deployment": purchase.deployment,
        "owned": owned, "buy": buy, "upgrade": moves,
        "contract": None if contract is None else {
            "tier": contract.tier, "kind": contract.kind,
            "start": contract.first_day.isoformat(), "end": contract.last_day.isoformat()},
    }


def purchase_options(policy: Policy, organization: Organization | None, purchase: Purchase,
                     on: date, language: str) -> list[QuoteOption]:
    """Every way to pay for the purchase, cheapest first; Invalid says what cannot be priced."""
    if policy.tier(purchase.tier) is None:
        raise Invalid(_("Choose one of the tiers offered."), field="tier")
    if any(quantity < 0 for quantity in purchase.buy.values()):
        raise Invalid(_("A quantity cannot be negative."), field="buy")
    contract = current_contract(organization, on)
    changes_tier = contract is not None and contract.tier != purchase.tier
    renews = contract is not None and contract.last_day < on
    if not (purchase.buys_anything or purchase.move or changes_tier or renews):
        raise Invalid(_("Choose licenses to buy, a version to move to, or another tier."),
                      field="buy")
    if organization is None and not purchase.buys_anything:
        raise Invalid(_("A first order needs at least one license."), field="buy")
    try:
        return quote(quote_data(policy, organization, purchase, on), policy, language)
    except QuoteInputError as error:
        raise Invalid(str(error)) from None
