"""Accounts: users, organizations, memberships (responsible contact flag), invitations."""
from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    Model,
    TextField,
)


def upgrade(db, migrator):
    class User(Model):
        id = AutoField()
        email = CharField(max_length=254, unique=True)
        name = CharField(max_length=200)
        password_hash = TextField()
        language = CharField(max_length=8, default="ru")
        timezone = CharField(max_length=64, default="Europe/Moscow")
        role = CharField(max_length=16, default="customer", index=True)
        email_confirmed_at = DateTimeField(null=True)
        active = BooleanField(default=True)
        session_nonce = CharField(max_length=32)
        created_at = DateTimeField()

        class Meta:
            table_name = "user_account"

    class Organization(Model):
        id = AutoField()
        name = CharField(max_length=200, unique=True)
        timezone = CharField(max_length=64, default="Europe/Moscow")
        created_at = DateTimeField()

        class Meta:
            table_name = "organization"

    class Membership(Model):
        id = AutoField()
        user = ForeignKeyField(User, on_delete="CASCADE")
        organization = ForeignKeyField(Organization, on_delete="CASCADE")
        responsible = BooleanField(default=False)
        created_at = DateTimeField()

        class Meta:
            table_name = "membership"
            indexes = ((("user", "organization"), True),)

    class Invitation(Model):
        id = AutoField()
        organization = ForeignKeyField(Organization, on_delete="CASCADE")
        email = CharField(max_length=254, index=True)
        responsible = BooleanField(default=False)
        invited_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        token_hash = CharField(max_length=64, unique=True)
        created_at = DateTimeField()
        expires_at = DateTimeField()
        accepted_at = DateTimeField(null=True)

        class Meta:
            table_name = "invitation"

    db.bind([User, Organization, Membership, Invitation])
    db.create_tables([User, Organization, Membership, Invitation])
