"""Billing tables: catalogue prices with history, licenses, support contracts, orders, invoices."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from portal.accounts.models import Organization, User
from portal.clock import stored_now
from portal.db import BaseModel
from portal.domain.entitlement import Holding, Term
from portal.domain.pricing import Money, QuoteLine

AWAITING, PAID, CANCELLED = "awaiting_payment", "paid", "cancelled"


def _money_field(**extra) -> DecimalField:
    return DecimalField(max_digits=16, decimal_places=2, auto_round=True, **extra)


class CatalogPrice(BaseModel):
    """One list price of an edition from `since` on; the newest row is the current price."""

    id = AutoField()
    product = CharField(max_length=64)
    edition = CharField(max_length=64)
    price = _money_field()
    currency = CharField(max_length=3)
    since = DateTimeField(default=stored_now)
    source = CharField(max_length=16, default="preset")  # preset | admin

    class Meta:
        table_name = "catalog_price"
        indexes = ((("product", "edition", "since"), False),)

    @classmethod
    def current(cls) -> dict[tuple[str, str], Decimal]:
        """(product, edition) -> the newest price."""
        found: dict[tuple[str, str], Decimal] = {}
        for row in cls.select().order_by(cls.since, cls.id):
            found[(row.product, row.edition)] = row.price
        return found


class Order(BaseModel):
    """A customer's order, priced on the server; paid by bank transfer against its invoice."""

    id = AutoField()
    organization = ForeignKeyField(Organization, backref="orders", on_delete="CASCADE")
    placed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    token = CharField(max_length=64, unique=True)  # one order per submitted form
    status = CharField(max_length=20, default=AWAITING, index=True)
    option = CharField(max_length=16)  # new | prorate | fresh-year | renewal
    tier = CharField(max_length=64)
    deployment = CharField(max_length=32, default="")
    currency = CharField(max_length=3)
    total = _money_field()
    priced_on = DateField()  # the day the order was priced for
    created_at = DateTimeField(default=stored_now)
    paid_at = DateTimeField(null=True)
    confirmed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    demo_payment = BooleanField(default=False)

    class Meta:
        table_name = "customer_order"

    @classmethod
    def awaiting_payment(cls):
        return cls.select().where(cls.status == AWAITING).order_by(cls.created_at)

    def ordered_lines(self):
        return self.lines.order_by(OrderLine.position)


class OrderLine(BaseModel):
    """One priced line of an order, with the facts it was priced from."""

    id = AutoField()
    order = ForeignKeyField(Order, backref="lines", on_delete="CASCADE")
    position = IntegerField()
    kind = CharField(max_length=32)
    rule = CharField(max_length=32)
    product = CharField(max_length=64, default="")
    edition = CharField(max_length=64, default="")
    quantity = IntegerField(default=0)
    amount = _money_field()
    facts = TextField(default="{}")

    class Meta:
        table_name = "order_line"

    def as_quote_line(self, currency: str) -> QuoteLine:
        return QuoteLine(self.kind, Money(self.amount, currency), self.rule, decode(self.facts))


class Invoice(BaseModel):
    """An order's invoice; numbers run 1, 2, 3 ... within a year and never repeat."""

    id = AutoField()
    order = ForeignKeyField(Order, backref="invoices", unique=True, on_delete="CASCADE")
    year = IntegerField()
    sequence = IntegerField()
    issued_on = DateField()
    total = _money_field()
    currency = CharField(max_length=3)

    class Meta:
        table_name = "invoice"
        indexes = ((("year", "sequence"), True),)

    @property
    def number(self) -> str:
        return f"{self.year}-{self.sequence:06d}"


class License(BaseModel):
    """Licenses of one product edition an organization bought (or rents)."""

    id = AutoField()
    organization = ForeignKeyField(Organization, backref="licenses", on_delete="CASCADE")
    product = CharField(max_length=64)
    edition = CharField(max_length=64)
    quantity = IntegerField()
    kind = CharField(max_length=16, default="perpetual")  # perpetual | rented
    deployment = CharField(max_length=32, default="")
    purchased_on = DateField()
    version = CharField(max_length=32, default="")
    commercial = BooleanField(default=True)
    license_key = CharField(max_length=64, unique=True)
    order = ForeignKeyField(Order, null=True, backref="licenses", on_delete="SET NULL")

    class Meta:
        table_name = "license"

    @classmethod
    def of(cls, organization):
        return (cls.select().where(cls.organization == organization)
                .order_by(cls.purchased_on, cls.id))

    def holding(self) -> Holding:
        return Holding(self.product, self.edition, self.quantity, self.commercial)


class SupportContract(BaseModel):
    """A support term of an organization (or of one product and version, ASCON's warranty)."""

    id = AutoField()
    organization = ForeignKeyField(Organization, backref="contracts", on_delete="CASCADE")
    tier = CharField(max_length=64)
    kind = CharField(max_length=16)  # paid | warranty
    product = CharField(max_length=64, null=True)
    version = CharField(max_length=32, null=True)
    first_day = DateField()
    last_day = DateField()
    annual_price = _money_field(default=Decimal("0.00"))
    currency = CharField(max_length=3)
    order = ForeignKeyField(Order, null=True, backref="contracts", on_delete="SET NULL")
    created_at = DateTimeField(default=stored_now)
    # Mail sent once each: 30 and 7 days before the last day, and when it ended.
    reminded_30 = BooleanField(default=False)
    reminded_7 = BooleanField(default=False)
    ended_noted = BooleanField(default=False)

    class Meta:
        table_name = "support_contract"
        indexes = ((("organization", "last_day"), False), (("last_day",), False))

    @classmethod
    def of(cls, organization):
        return (cls.select().where(cls.organization == organization)
                .order_by(cls.first_day, cls.id))

    def term(self) -> Term:
        return Term(self.tier, self.kind, self.first_day, self.last_day, self.product,
                    self.version)


def encode(facts: dict) -> str:
    """A line's facts as JSON that keeps Decimals and dates."""
    def tagged(value):
        if isinstance(value, Decimal):
            return {"$decimal": str(value)}
        if isinstance(value, date):
            return {"$date": value.isoformat()}
        return value

    return json.dumps({key: tagged(value) for key, value in facts.items()}, ensure_ascii=False)


def decode(text: str) -> dict:
    def untagged(value):
        if isinstance(value, dict) and "$decimal" in value:
            return Decimal(value["$decimal"])
        if isinstance(value, dict) and "$date" in value:
            return date.fromisoformat(value["$date"])
        return value

    return {key: untagged(value) for key, value in json.loads(text or "{}").items()}
