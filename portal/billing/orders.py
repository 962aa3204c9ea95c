"""Orders and their invoices: priced on the server, one per submitted form, numbered per year."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from peewee import IntegrityError

from portal.accounts.models import Membership, Organization, User
from portal.billing.models import AWAITING, Invoice, Order, OrderLine, encode
from portal.billing.purchase import Purchase, purchase_options
from portal.db import db
from portal.domain.policy import Policy
from portal.errors import Invalid, NotFound
from portal.roles import is_staff
from portal.sequences import next_number


def place_order(policy: Policy, buyer: User, organization: Organization | None,
                purchase: Purchase, option_name: str, token: str, on: date, language: str,
                new_organization: tuple[str, str] | None = None) -> Order:
    """Price `purchase` again, keep the chosen option as an order and issue its invoice.

    A form submitted twice (the same `token`) makes one order. A buyer without an
    organization names a new one (`new_organization` = name, time zone) and becomes its
    responsible contact.
    """
    existing = Order.get_or_none(Order.token == token)
    if existing is not None:
        return existing
    options = {option.name: option for option in
               purchase_options(policy, organization, purchase, on, language)}
    chosen = options.get(option_name)
    if chosen is None:
        raise Invalid(_("This way of paying is not offered for this purchase."), field="option")
    try:
        with db.atomic():
            if organization is None:
                organization = _found_organization(buyer, new_organization)
            order = Order.create(
                organization=organization, placed_by=buyer, token=token, status=AWAITING,
                option=chosen.name, tier=purchase.tier, deployment=purchase.deployment or "",
                currency=chosen.total.currency, total=chosen.total.amount, priced_on=on)
            for position, line in enumerate(chosen.lines):
                facts = line.facts
                OrderLine.create(order=order, position=position, kind=line.kind, rule=line.rule,
                                 product=str(facts.get("product", "")),
                                 edition=str(facts.get("edition", "")),
                                 quantity=int(facts.get("quantity", 0) or 0),
                                 amount=line.amount.amount, facts=encode(facts))
            Invoice.create(order=order, year=on.year, sequence=next_number("invoice", on.year),
                           issued_on=on, total=order.total, currency=order.currency)
    except IntegrityError:
        existing = Order.get_or_none(Order.token == token)
        if existing is None:
            raise
        return existing  # the same form, submitted again at the same moment
    return order


def _found_organization(buyer: User, new_organization: tuple[str, str] | None) -> Organization:
    if new_organization is None or not new_organization[0].strip():
        raise Invalid(_("Name your organization."), field="organization_name")
    name, timezone = new_organization[0].strip(), new_organization[1]
    if Organization.get_or_none(Organization.name == name) is not None:
        raise Invalid(_("An organization with this name already exists. If it is yours, "
                        "join it with one of its license keys."), field="organization_name")
    organization = Organization.create(name=name, timezone=timezone)
    # The buyer founds it: its first responsible contact, whatever the tier's maximum.
    Membership.create(user=buyer, organization=organization, responsible=True)
    return organization


def order_for(user: User, order_id: int) -> Order:
    """An order for a contact of its organization or staff; NotFound to anyone else."""
    order = Order.get_or_none(Order.id == order_id)
    if order is None or not (is_staff(user) or Membership.get_or_none(
            (Membership.user == user) & (Membership.organization == order.organization_id))):
        raise NotFound(_("Page not found"))
    return order


def invoice_for(user: User, invoice_id: int) -> Invoice:
    invoice = Invoice.get_or_none(Invoice.id == invoice_id)
    if invoice is None:
        raise NotFound(_("Page not found"))
    order_for(user, invoice.order_id)
    return invoice
