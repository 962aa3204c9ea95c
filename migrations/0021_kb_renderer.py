"""Knowledge base: remember which renderer made each article's HTML, to redo it on change."""

from peewee import IntegerField


def upgrade(db, migrator):
    from playhouse.migrate import migrate

    migrate(migrator.add_column("kb_article", "renderer", IntegerField(default=0)))
