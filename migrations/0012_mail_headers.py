"""Mail: threading headers on the outbox (Message-ID, In-Reply-To, References, Reply-To) and
the thread a message belongs to (a ticket's, say), so replies can be matched and threaded."""

from peewee import BooleanField, CharField, TextField


def upgrade(db, migrator):
    from playhouse.migrate import migrate

    migrate(
        migrator.add_column("outbox_message", "message_id", CharField(max_length=255, default="")),
        migrator.add_column("outbox_message", "in_reply_to", CharField(max_length=255, default="")),
        migrator.add_column("outbox_message", "references_header", TextField(default="")),
        migrator.add_column("outbox_message", "reply_to", CharField(max_length=254, default="")),
        migrator.add_column("outbox_message", "thread_key", CharField(max_length=100, default="")),
        migrator.add_column("outbox_message", "auto_generated", BooleanField(default=True)),
        migrator.add_index("outbox_message", ("thread_key",), False),
    )
