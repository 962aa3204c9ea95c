"""Entitlements (DOMAIN.md section 3): what an organization's contracts and licenses give it.

One rule for every page that asks "which tier, who may file, how many responsible contacts,
how many free hours": the organization's running contract terms on a day, and what it owns.

- A term runs from its first to its last day, both included. Several running terms: the best
  tier wins (tiers are listed from the least to the most a preset offers).
- A product-scoped term (ASCON's warranty of one product and version) raises that product
  only; an organization-wide term covers every product.
- With no running term the organization has the preset's `owner_tier` where it owns a
  commercial license (ASCON: basic, forever), else the `base_tier` (Axistem: free), else no
  support at all (Terrasoft: support is compulsory).
- The warranty rules: Axistem's starts with the first license and does not move when more are
  bought; ASCON's starts with each purchase or update of a product (a new year each time).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from portal.domain.policy import Policy, Tier, WarrantyRule
from portal.domain.pricing import term_end

PAID, WARRANTY = "paid", "warranty"


@dataclass(frozen=True)
class Term:
    """A support contract's term: its tier, paid or warranty, optionally one product."""

    tier: str
    kind: str
    first_day: date
    last_day: date
    product: str | None = None
    version: str | None = None

    def runs_on(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def days_left(self, day: date) -> int:
        """Days from `day` to the last day, both counted; 0 once it has ended."""
        if day > self.last_day:
            return 0
        return (self.last_day - max(day, self.first_day)).days + 1


@dataclass(frozen=True)
class Holding:
    """Licenses an organization owns (or rents) of one product edition."""

    product: str
    edition: str
    quantity: int
    commercial: bool = True


@dataclass(frozen=True)
class Entitlement:
    """What an organization may have on `on`, and why."""

    on: date
    tier: Tier | None
    term: Term | None  # the running organization-wide term, if any
    product_tiers: dict[str, str] = field(default_factory=dict)
    warranty_end: date | None = None
    contract_end: date | None = None
    product_tiers_from_terms: tuple[str, ...] = ()  # products a product-scoped term raises

    @property
    def dropped_to_base(self) -> bool:
        """No running term: the organization has only what the preset gives without one."""
        return self.term is None and not self.product_tiers_from_terms

    @property
    def has_support(self) -> bool:
        return self.tier is not None

    @property
    def has_ticket_channel(self) -> bool:
        return self.tier is not None and self.tier.has_ticket_channel

    @property
    def may_file(self) -> str | None:
        """"responsible", "any", or None when no one of the organization files tickets."""
        return self.tier.may_file if self.has_ticket_channel else None

    @property
    def max_responsible_contacts(self) -> int:
        return self.tier.max_responsible_contacts if self.tier is not None else 0

    @property
    def free_hours(self) -> int:
        """Free consulting hours of a contract year."""
        return self.tier.free_hours if self.tier is not None else 0

    def tier_of(self, product: str) -> str | None:
        """The tier a ticket about `product` is served under."""
        return self.product_tiers.get(product, self.tier.code if self.tier else None)


def _rank(policy: Policy, code: str) -> int:
    return next(i for i, tier in enumerate(policy.tiers) if tier.code == code)


def _best(policy: Policy, codes: Iterable[str]) -> str | None:
    known = [code for code in codes if policy.tier(code) is not None]
    return max(known, key=lambda code: _rank(policy, code), default=None)


def entitlement(policy: Policy, terms: Iterable[Term], holdings: Iterable[Holding],
                on: date) -> Entitlement:
    """The organization's entitlement on day `on` from its terms and licenses."""
    terms, holdings = list(terms), [h for h in holdings if h.quantity > 0]
    running = [t for t in terms if t.runs_on(on) and policy.tier(t.tier) is not None]
    wide = [t for t in running if t.product is None]
    wide_term = max(wide, key=lambda t: (_rank(policy, t.tier), t.last_day), default=None)
    owns_commercial = any(h.commercial for h in holdings)
    fallback = policy.owner_tier if owns_commercial and policy.owner_tier else policy.base_tier
    product_tiers: dict[str, str] = {}
    from_terms: list[str] = []
    for product in sorted({h.product for h in holdings}):
        scoped = [t.tier for t in running if t.product == product]
        commercial = any(h.commercial for h in holdings if h.product == product)
        own = policy.owner_tier if commercial and policy.owner_tier else policy.base_tier
        best = _best(policy, [*scoped, *([wide_term.tier] if wide_term else []),
                              *([own] if own else [])])
        if best is not None:
            product_tiers[product] = best
        if scoped:
            from_terms.append(product)
    overall = _best(policy, [*product_tiers.values(),
                             *([wide_term.tier] if wide_term else []),
                             *([fallback] if fallback else [])])
    warranties = [t for t in terms if t.kind == WARRANTY]
    paid = [t for t in terms if t.kind == PAID]
    return Entitlement(
        on=on, tier=policy.tier(overall) if overall else None, term=wide_term,
        product_tiers=product_tiers,
        warranty_end=max((t.last_day for t in warranties), default=None),
        contract_end=max((t.last_day for t in paid), default=None),
        product_tiers_from_terms=tuple(from_terms),
    )


def warranty_terms(policy: Policy, terms: Iterable[Term], owned_before: Iterable[Holding],
                   bought: Iterable[str], on: date,
                   versions: dict[str, str] | None = None) -> list[Term]:
    """The warranty terms a purchase on `on` of products `bought` starts (`bought` names
    the commercial licenses bought: a free edition starts no warranty).

    First-license warranties start only with the organization's first licenses and are never
    moved by later purchases; per-product warranties start a new year with every purchase or
    update of that product (ASCON).
    """
    bought = sorted(set(bought))
    if not bought:
        return []
    # Licenses of a free, non-commercial edition are no "first license" (Axistem, ASCON).
    first_purchase = not any(h.quantity > 0 and h.commercial for h in owned_before)
    already = list(terms)
    started: list[Term] = []
    for rule in policy.warranty:
        if rule.starts == "first-license":
            has_one = any(t.kind == WARRANTY and t.tier == rule.tier and t.product is None
                          for t in already)
            if first_purchase and not has_one:
                started.append(_warranty(rule, on))
        elif rule.starts == "product-purchase":
            for product in bought:
                version = (versions or {}).get(product)
                started.append(_warranty(rule, on, product if rule.scope == "product-version"
                                         else None, version))
    return started


def _warranty(rule: WarrantyRule, on: date, product: str | None = None,
              version: str | None = None) -> Term:
    return Term(rule.tier, WARRANTY, on, term_end(on, rule.months), product, version)
