"""Security: sessions kept on the server (one row per log-in, so logging out ends every copy
of it, session and remember-me cookie alike) and rate counters shared by every worker and
host (fixed windows, when Redis is not configured).

The user's `session_nonce` goes: a session is its row in `user_session` now.
"""
from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)


def upgrade(db, migrator):
    from playhouse.migrate import migrate

    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "user_account"

    class UserSession(Model):
        id = AutoField()
        user = ForeignKeyField(User, on_delete="CASCADE")
        token_hash = CharField(max_length=64, unique=True)
        remember = BooleanField(default=False)
        created_at = DateTimeField()
        last_seen_at = DateTimeField()

        class Meta:
            table_name = "user_session"

    class RateCounter(Model):
        id = AutoField()
        key = CharField(max_length=300)
        window_start = BigIntegerField()
        hits = IntegerField(default=0)
        expires_at = DateTimeField(index=True)

        class Meta:
            table_name = "rate_counter"
            indexes = ((("key", "window_start"), True),)

    tables = [UserSession, RateCounter]
    db.bind(tables + [User])
    db.create_tables(tables)
    migrate(migrator.drop_column("user_account", "session_nonce"))
