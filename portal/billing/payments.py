"""Payment of an order: in one transaction the order is paid, licenses and contracts change,
warranties start; then the organization's contacts are mailed."""
from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import gettext as _

from portal import audit
from portal.accounts.models import Organization, User
from portal.billing.models import (
    AWAITING,
    PAID,
    License,
    Order,
    OrderLine,
    SupportContract,
)
from portal.billing.notices import mail_contacts
from portal.billing.purchase import current_contract
from portal.clock import stored_now, utc_now
from portal.db import db
from portal.domain.entitlement import warranty_terms
from portal.domain.policy import Policy
from portal.errors import Conflict
from portal.roles import STAFF

PRICED_SUPPORT = ("percent", "flat")


def new_license_key() -> str:
    """A key a person can read out: five groups of five letters and digits."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(25))
    return "-".join(raw[i:i + 5] for i in range(0, 25, 5))


def confirm_payment(policy: Policy, order: Order, actor: User | None,
                    demo: bool = False) -> Order:
    """Mark `order` paid and apply it; a second confirmation is refused (Conflict)."""
    with db.atomic():
        paid = (Order.update(status=PAID, paid_at=stored_now(), confirmed_by=actor,
                             demo_payment=demo)
                .where((Order.id == order.id) & (Order.status == AWAITING)).execute())
        if paid != 1:
            raise Conflict(_("This order is already paid."))
        order = Order.get_by_id(order.id)
        before = _holdings(order.organization)
        _apply(policy, order)
        if actor is not None and actor.role in STAFF:  # staff confirmed: into the audit log
            _audit(actor, order, before)
    mail_contacts(order.organization, "order_paid", order=order)
    return order


def _holdings(organization: Organization) -> tuple[dict[int, dict], dict[int, dict]]:
    """The organization's contracts and licenses as the audit log keeps them."""
    return ({row.id: audit.contract_facts(row) for row in SupportContract.select().where(
                SupportContract.organization == organization)},
            {row.id: audit.license_facts(row) for row in License.select().where(
                License.organization == organization)})


def _audit(actor: User, order: Order, before: tuple[dict, dict]) -> None:
    contracts, licenses = _holdings(order.organization)
    summary = f"{order.organization.name} · #{order.id}"
    audit.record_changes(actor, "contract", before[0], contracts, summary, utc_now())
    audit.record_changes(actor, "license", before[1], licenses, summary, utc_now())


def _apply(policy: Policy, order: Order) -> None:
    organization: Organization = order.organization
    on: date = order.priced_on
    holdings_before = [row.holding() for row in License.of(organization)]
    terms_before = [row.term() for row in SupportContract.of(organization)]
    lines = list(order.ordered_lines())
    bought: list[str] = []
    versions: dict[str, str] = {}
    for row in lines:
        line = row.as_quote_line(order.currency)
        if row.kind == "license" and row.quantity > 0:
            product = policy.product(row.product)
            edition = product.edition(row.edition) if product else None
            version = product.versions[-1] if product and product.versions else ""
            License.create(organization=organization, product=row.product,
                           edition=row.edition, quantity=row.quantity, purchased_on=on,
                           version=version, deployment=order.deployment,
                           commercial=edition.commercial if edition else True,
                           license_key=new_license_key(), order=order)
            if edition is None or edition.commercial:  # a free edition starts no warranty
                bought.append(row.product)
                versions[row.product] = version
        elif row.kind == "upgrade":
            product = policy.product(str(line.facts.get("product", "")))
            if product is not None and product.versions:
                (License.update(version=product.versions[-1])
                 .where((License.organization == organization)
                        & (License.product == product.code)).execute())
                bought.append(product.code)
                versions[product.code] = product.versions[-1]
        elif row.kind in ("support", "renewal", "support-proration"):
            _support(order, row)
    for term in warranty_terms(policy, terms_before, holdings_before, bought, on, versions):
        SupportContract.create(organization=organization, tier=term.tier, kind=term.kind,
                               product=term.product, version=term.version,
                               first_day=term.first_day, last_day=term.last_day,
                               annual_price=Decimal("0.00"), currency=order.currency,
                               order=order)


def _support(order: Order, row: OrderLine) -> None:
    """The support line: a new or renewed term, a prorated change, or a fresh year."""
    facts = row.as_quote_line(order.currency).facts
    organization = order.organization
    if order.option in ("new", "renewal"):
        if row.rule in PRICED_SUPPORT:
            SupportContract.create(organization=organization, tier=order.tier, kind="paid",
                                   first_day=facts["term_start"], last_day=facts["term_end"],
                                   annual_price=row.amount, currency=order.currency,
                                   order=order)
        return
    current = current_contract(organization, order.priced_on)
    if current is not None and current.last_day < order.priced_on:
        current = None
    if order.option == "fresh-year":
        if current is not None:
            _end_before(current, order.priced_on)
        SupportContract.create(organization=organization, tier=order.tier, kind="paid",
                               first_day=facts["term_start"], last_day=facts["term_end"],
                               annual_price=row.amount, currency=order.currency, order=order)
        return
    # Prorated: the term keeps its dates; its tier and annual price become the new ones.
    if current is None:
        return
    if current.kind == "warranty" and order.tier == current.tier:
        return  # more licenses under warranty: its end does not move (Axistem)
    annual_after = facts.get("annual_after", current.annual_price)
    if order.tier == current.tier:
        current.annual_price = annual_after
        current.save()
        return
    if current.kind == "paid":
        _end_before(current, order.priced_on)
    SupportContract.create(organization=organization, tier=order.tier, kind="paid",
                           first_day=order.priced_on, last_day=facts["term_end"],
                           annual_price=annual_after, currency=order.currency, order=order)


def _end_before(contract: SupportContract, day: date) -> None:
    """The contract ends the day before `day`; one that had not started yet is withdrawn."""
    if day <= contract.first_day:
        contract.delete_instance()
        return
    contract.last_day = day - timedelta(days=1)
    contract.save()
