"""Mail: the outbox every message goes through before a worker sends it over SMTP."""
from peewee import AutoField, CharField, DateTimeField, IntegerField, Model, TextField


def upgrade(db, migrator):
    class OutboxMessage(Model):
        id = AutoField()
        to_address = CharField(max_length=254)
        subject = CharField(max_length=300)
        text_body = TextField()
        html_body = TextField()
        language = CharField(max_length=8)
        template = CharField(max_length=100)
        status = CharField(max_length=16, default="pending")
        attempts = IntegerField(default=0)
        next_attempt_at = DateTimeField()
        claimed_by = CharField(max_length=64, null=True)
        claimed_at = DateTimeField(null=True)
        last_error = TextField(default="")
        created_at = DateTimeField()
        sent_at = DateTimeField(null=True)

        class Meta:
            table_name = "outbox_message"
            indexes = ((("status", "next_attempt_at"), False),)

    db.bind([OutboxMessage])
    db.create_tables([OutboxMessage])
