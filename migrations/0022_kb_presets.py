"""Knowledge base: the policy presets an article is shown under ("" = every preset)."""

from peewee import CharField


def upgrade(db, migrator):
    from playhouse.migrate import migrate

    migrate(migrator.add_column("kb_article", "presets", CharField(max_length=300, default="")))
