"""SLA outcomes: one row per target clock of a ticket, as tickets/sla.py refresh last saw it.

The head of support's reports count these rows in SQL (met / breached by tier, priority,
line, product and month) instead of replaying every ticket's history. The ticket's selectors
are copied onto each row at refresh time, so a report groups without joining the timeline.
"""
from peewee import AutoField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model


def upgrade(db, migrator):
    class Ticket(Model):
        id = AutoField()

        class Meta:
            table_name = "ticket"

    class SlaOutcome(Model):
        id = AutoField()
        ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
        position = IntegerField()
        kind = CharField(max_length=32)
        status = CharField(max_length=16)
        started_at = DateTimeField()
        due_at = DateTimeField(null=True)
        met_at = DateTimeField(null=True)
        target_minutes = IntegerField(null=True)
        used_minutes = IntegerField(null=True)
        tier = CharField(max_length=64)
        priority = IntegerField(null=True)
        level = CharField(max_length=64, null=True)
        line = CharField(max_length=64, null=True)
        product = CharField(max_length=64, default="")

        class Meta:
            table_name = "sla_outcome"
            indexes = ((("ticket", "position"), True), (("due_at", "kind"), False))

    db.bind([Ticket, SlaOutcome])
    db.create_tables([SlaOutcome])
