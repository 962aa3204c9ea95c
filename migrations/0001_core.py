"""Core: a key-value table for settings the portal keeps across restarts (e.g. the demo seed)."""
from peewee import CharField, DateTimeField, Model, TextField


def upgrade(db, migrator):
    class AppSetting(Model):
        key = CharField(primary_key=True, max_length=100)
        value = TextField()
        updated_at = DateTimeField()

        class Meta:
            table_name = "app_setting"

    db.bind([AppSetting])
    db.create_tables([AppSetting])
