"""SLA notices: what the monitoring sweep already told, once per target (at-risk and breach
notices, progress-update reminders) and once per resolution (the warning before auto-close).
The unique index makes "once" hold when two workers sweep at the same time."""
from peewee import AutoField, CharField, DateTimeField, ForeignKeyField, Model


def upgrade(db, migrator):
    class Ticket(Model):
        id = AutoField()

        class Meta:
            table_name = "ticket"

    class SlaNotice(Model):
        id = AutoField()
        ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
        kind = CharField(max_length=16)
        target = CharField(max_length=80)
        sent_at = DateTimeField()

        class Meta:
            table_name = "sla_notice"
            indexes = ((("ticket", "kind", "target"), True),)

    db.bind([Ticket, SlaNotice])
    db.create_tables([SlaNotice])
