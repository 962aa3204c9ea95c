"""Search: a translation family per article, so a reader sees one language version of it."""

from peewee import AutoField, CharField, Model

# Plain SQL on purpose: peewee's SQLite migrator rebuilds the table for a NOT NULL
# column, which would drop the triggers that keep search_document_fts in step.
STATEMENTS = (
    "ALTER TABLE search_document ADD COLUMN family VARCHAR(255) NOT NULL DEFAULT ''",
    "CREATE INDEX search_document_family ON search_document (family)",
)


def upgrade(db, migrator):
    for statement in STATEMENTS:
        db.execute_sql(statement)

    class SearchDocument(Model):
        id = AutoField()
        kind = CharField(max_length=16)
        ref = CharField(max_length=255)
        family = CharField(max_length=255, default="")

        class Meta:
            table_name = "search_document"

    SearchDocument.bind(db)
    # Articles indexed so far: `x.md` and `x.en.md` are one article in two languages
    # (the knowledge base's naming); the next sync writes the family it knows.
    for document in SearchDocument.select().where(SearchDocument.kind == "article"):
        family = document.ref
        if family.endswith(".en.md"):
            family = family[: -len(".en.md")] + ".md"
        SearchDocument.update(family=family).where(SearchDocument.id == document.id).execute()
