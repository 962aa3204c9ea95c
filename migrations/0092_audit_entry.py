"""The audit log: every staff change to a contract, a license, a price or a role, with who,
when, and the values before and after (JSON)."""
from peewee import (
    AutoField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def upgrade(db, migrator):
    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "user_account"

    class AuditEntry(Model):
        id = AutoField()
        at = DateTimeField(index=True)
        actor = ForeignKeyField(User, null=True, on_delete="SET NULL")
        actor_name = CharField(max_length=200, default="")
        kind = CharField(max_length=16)
        object_id = IntegerField(null=True)
        action = CharField(max_length=16)
        summary = CharField(max_length=300, default="")
        before = TextField(default="{}")
        after = TextField(default="{}")

        class Meta:
            table_name = "audit_entry"
            indexes = ((("kind", "at"), False), (("actor", "at"), False))

    db.bind([User, AuditEntry])
    db.create_tables([AuditEntry])
