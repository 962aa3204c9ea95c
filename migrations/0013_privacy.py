"""Accounts: when a user consented to the processing of personal data (152-FZ) and when they
asked for their account to be deleted."""
from peewee import DateTimeField


def upgrade(db, migrator):
    from playhouse.migrate import migrate

    migrate(
        migrator.add_column("user_account", "privacy_consent_at", DateTimeField(null=True)),
        migrator.add_column("user_account", "deletion_requested_at", DateTimeField(null=True)),
    )
