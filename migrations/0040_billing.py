"""Billing: catalogue prices with history, orders with lines, invoices numbered per year (the
yearly number sequences, which tickets use too), licenses and support contracts."""
from decimal import Decimal

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def _money(**extra):
    return DecimalField(max_digits=16, decimal_places=2, auto_round=True, **extra)


def upgrade(db, migrator):
    class Organization(Model):
        id = AutoField()

        class Meta:
            table_name = "organization"

    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "user_account"

    class CatalogPrice(Model):
        id = AutoField()
        product = CharField(max_length=64)
        edition = CharField(max_length=64)
        price = _money()
        currency = CharField(max_length=3)
        since = DateTimeField()
        source = CharField(max_length=16, default="preset")

        class Meta:
            table_name = "catalog_price"
            indexes = ((("product", "edition", "since"), False),)

    class Order(Model):
        id = AutoField()
        organization = ForeignKeyField(Organization, on_delete="CASCADE")
        placed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        token = CharField(max_length=64, unique=True)
        status = CharField(max_length=20, default="awaiting_payment", index=True)
        option = CharField(max_length=16)
        tier = CharField(max_length=64)
        deployment = CharField(max_length=32, default="")
        currency = CharField(max_length=3)
        total = _money()
        priced_on = DateField()
        created_at = DateTimeField()
        paid_at = DateTimeField(null=True)
        confirmed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        demo_payment = BooleanField(default=False)

        class Meta:
            table_name = "customer_order"

    class OrderLine(Model):
        id = AutoField()
        order = ForeignKeyField(Order, on_delete="CASCADE")
        position = IntegerField()
        kind = CharField(max_length=32)
        rule = CharField(max_length=32)
        product = CharField(max_length=64, default="")
        edition = CharField(max_length=64, default="")
        quantity = IntegerField(default=0)
        amount = _money()
        facts = TextField(default="{}")

        class Meta:
            table_name = "order_line"

    class Invoice(Model):
        id = AutoField()
        order = ForeignKeyField(Order, unique=True, on_delete="CASCADE")
        year = IntegerField()
        sequence = IntegerField()
        issued_on = DateField()
        total = _money()
        currency = CharField(max_length=3)

        class Meta:
            table_name = "invoice"
            indexes = ((("year", "sequence"), True),)

    class NumberSequence(Model):
        kind = CharField(max_length=16)
        year = IntegerField()
        last = IntegerField(default=0)

        class Meta:
            table_name = "number_sequence"
            primary_key = CompositeKey("kind", "year")

    class License(Model):
        id = AutoField()
        organization = ForeignKeyField(Organization, on_delete="CASCADE")
        product = CharField(max_length=64)
        edition = CharField(max_length=64)
        quantity = IntegerField()
        kind = CharField(max_length=16, default="perpetual")
        deployment = CharField(max_length=32, default="")
        purchased_on = DateField()
        version = CharField(max_length=32, default="")
        commercial = BooleanField(default=True)
        license_key = CharField(max_length=64, unique=True)
        order = ForeignKeyField(Order, null=True, on_delete="SET NULL")

        class Meta:
            table_name = "license"

    class SupportContract(Model):
        id = AutoField()
        organization = ForeignKeyField(Organization, on_delete="CASCADE")
        tier = CharField(max_length=64)
        kind = CharField(max_length=16)
        product = CharField(max_length=64, null=True)
        version = CharField(max_length=32, null=True)
        first_day = DateField()
        last_day = DateField()
        annual_price = _money(default=Decimal("0.00"))
        currency = CharField(max_length=3)
        order = ForeignKeyField(Order, null=True, on_delete="SET NULL")
        created_at = DateTimeField()
        reminded_30 = BooleanField(default=False)
        reminded_7 = BooleanField(default=False)
        ended_noted = BooleanField(default=False)

        class Meta:
            table_name = "support_contract"
            indexes = ((("organization", "last_day"), False), (("last_day",), False))

    tables = [CatalogPrice, Order, OrderLine, Invoice, NumberSequence, License, SupportContract]
    db.bind(tables + [Organization, User])
    db.create_tables(tables)
