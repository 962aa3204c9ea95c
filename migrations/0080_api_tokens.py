"""API: personal access tokens of users (only a hash of each is kept), with their scopes, the
moment each was last used and when it was revoked."""
from peewee import AutoField, CharField, DateTimeField, ForeignKeyField, Model


def upgrade(db, migrator):
    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "user_account"

    class ApiToken(Model):
        id = AutoField()
        user = ForeignKeyField(User, on_delete="CASCADE")
        name = CharField(max_length=100)
        scopes = CharField(max_length=40)
        token_hash = CharField(max_length=64, unique=True)
        prefix = CharField(max_length=16)
        created_at = DateTimeField()
        last_used_at = DateTimeField(null=True)
        revoked_at = DateTimeField(null=True)

        class Meta:
            table_name = "api_token"
            indexes = ((("user", "created_at"), False),)

    db.bind([User, ApiToken])
    db.create_tables([ApiToken])
