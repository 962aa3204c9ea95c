"""Search: names of filter values (a category's title in each language), written by the
features that own them, so the search page names its filters without asking those features."""
from peewee import AutoField, CharField, Model


def upgrade(db, migrator):
    class SearchLabel(Model):
        id = AutoField()
        facet = CharField(max_length=16)
        code = CharField(max_length=64)
        language = CharField(max_length=8)
        label = CharField(max_length=200)

        class Meta:
            table_name = "search_label"
            indexes = ((("facet", "code", "language"), True),)

    db.bind([SearchLabel])
    db.create_tables([SearchLabel])
