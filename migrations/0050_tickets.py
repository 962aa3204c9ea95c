"""Tickets: the ticket with its stored SLA answer and mail token, its timeline events, the
mail that reached the support mailbox, attachments, and tickets an article made unnecessary."""
from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    CompositeKey,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def upgrade(db, migrator):
    class Organization(Model):
        id = AutoField()

        class Meta:
            table_name = "organization"

    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "user_account"

    class Ticket(Model):
        id = AutoField()
        number = CharField(max_length=20, unique=True)
        token = CharField(max_length=64, unique=True)
        organization = ForeignKeyField(Organization, null=True, on_delete="CASCADE")
        requester = ForeignKeyField(User, on_delete="CASCADE")
        tier = CharField(max_length=64)
        product = CharField(max_length=64, default="")
        version = CharField(max_length=32, default="")
        category = CharField(max_length=32)
        priority = IntegerField(null=True)
        level = CharField(max_length=64, null=True)
        line = CharField(max_length=64, null=True)
        subject = CharField(max_length=200)
        page_address = CharField(max_length=500, default="")
        status = CharField(max_length=16, default="open", index=True)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        resolved_at = DateTimeField(null=True)
        next_due_at = DateTimeField(null=True, index=True)
        at_risk_at = DateTimeField(null=True)
        sla_state = TextField(default="[]")
        breached = BooleanField(default=False)
        rating = IntegerField(null=True)
        rating_comment = TextField(default="")
        rated_at = DateTimeField(null=True)
        escalated_at = DateTimeField(null=True)
        follow_up_of = ForeignKeyField("self", null=True, on_delete="SET NULL")
        mail_token = CharField(max_length=32, unique=True)
        assignee = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

        class Meta:
            table_name = "ticket"
            indexes = ((("organization", "status"), False),
                       (("requester", "created_at"), False))

    class InboundMail(Model):
        id = AutoField()
        message_id = CharField(max_length=255, unique=True)
        received_at = DateTimeField()
        sender = CharField(max_length=254, default="")
        subject = CharField(max_length=300, default="")
        raw = BlobField()
        status = CharField(max_length=16, index=True)
        reason = CharField(max_length=64, default="")
        error = TextField(default="")
        ticket = ForeignKeyField(Ticket, null=True, on_delete="SET NULL")

        class Meta:
            table_name = "inbound_mail"
            indexes = ((("sender", "received_at"), False),)

    class TicketEvent(Model):
        id = AutoField()
        ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
        at = DateTimeField()
        kind = CharField(max_length=32)
        author = ForeignKeyField(User, null=True, on_delete="SET NULL")
        public = BooleanField(default=True)
        body = TextField(default="")
        data = TextField(default="{}")
        message_id = CharField(max_length=255, default="", index=True)
        sender_verified = BooleanField(default=True)
        inbound = ForeignKeyField(InboundMail, null=True, on_delete="SET NULL")

        class Meta:
            table_name = "ticket_event"
            indexes = ((("ticket", "id"), False),)

    class Attachment(Model):
        id = AutoField()
        ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
        event = ForeignKeyField(TicketEvent, on_delete="CASCADE")
        filename = CharField(max_length=200)
        content_type = CharField(max_length=100)
        size = IntegerField()
        storage_key = CharField(max_length=80)
        inline = BooleanField(default=False)
        created_at = DateTimeField()

        class Meta:
            table_name = "ticket_attachment"

    class TimeEntry(Model):
        id = AutoField()
        ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
        organization = ForeignKeyField(Organization, null=True, on_delete="CASCADE")
        staff = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        at = DateTimeField()
        minutes = IntegerField()
        work = CharField(max_length=20)
        product_failure = BooleanField(default=False)
        note = CharField(max_length=300, default="")

        class Meta:
            table_name = "ticket_time"
            indexes = ((("organization", "at"), False),)

    class Presence(Model):
        ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
        user = ForeignKeyField(User, on_delete="CASCADE", backref="+")
        seen_at = DateTimeField()

        class Meta:
            table_name = "ticket_presence"
            primary_key = CompositeKey("ticket", "user")

    class CannedReply(Model):
        id = AutoField()
        title = CharField(max_length=120, unique=True)
        body = TextField()

        class Meta:
            table_name = "canned_reply"

    class Deflection(Model):
        id = AutoField()
        user = ForeignKeyField(User, null=True, on_delete="SET NULL")
        article_url = CharField(max_length=500)
        subject = CharField(max_length=200, default="")
        at = DateTimeField()

        class Meta:
            table_name = "ticket_deflection"

    tables = [Ticket, InboundMail, TicketEvent, Attachment, TimeEntry, Presence, CannedReply,
              Deflection]
    db.bind(tables + [Organization, User])
    db.create_tables(tables)
