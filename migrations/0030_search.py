"""Search: documents, their products, and the engine's full-text index (FTS5 or tsvector+GIN)."""

from peewee import AutoField, CharField, ForeignKeyField, Model, TextField

# SQLite keeps its own FTS5 copy of the stems in step with search_document through
# triggers, so every write path (service, wipe, cascade) keeps the index right.
SQLITE_STATEMENTS = (
    """CREATE VIRTUAL TABLE search_document_fts USING fts5(
        title_stems, body_stems, tokenize = 'unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_document_fts_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_document_fts (rowid, title_stems, body_stems)
        VALUES (new.id, new.title_stems, new.body_stems);
    END""",
    """CREATE TRIGGER search_document_fts_delete AFTER DELETE ON search_document BEGIN
        DELETE FROM search_document_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER search_document_fts_update AFTER UPDATE ON search_document BEGIN
        DELETE FROM search_document_fts WHERE rowid = old.id;
        INSERT INTO search_document_fts (rowid, title_stems, body_stems)
        VALUES (new.id, new.title_stems, new.body_stems);
    END""",
)

# PostgreSQL derives the vector from the stored stems: 'simple' only splits and
# lower-cases, so its lexemes are exactly our stems; the title weighs A, the body B.
POSTGRESQL_STATEMENTS = (
    """ALTER TABLE search_document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_stems, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(body_stems, '')), 'B')
    ) STORED""",
    "CREATE INDEX search_document_vector ON search_document USING GIN (search_vector)",
)


def upgrade(db, migrator):
    class SearchDocument(Model):
        id = AutoField()
        kind = CharField(max_length=16)
        ref = CharField(max_length=255)
        language = CharField(max_length=16, default="")
        title = TextField()
        body_text = TextField(default="")
        url = CharField(max_length=500)
        category = CharField(max_length=64, default="")
        tags = TextField(default="")
        title_stems = TextField(default="")
        body_stems = TextField(default="")

        class Meta:
            table_name = "search_document"
            indexes = ((("kind", "ref"), True), (("kind", "category"), False))

    class SearchDocumentProduct(Model):
        id = AutoField()
        document = ForeignKeyField(SearchDocument, on_delete="CASCADE")
        product = CharField(max_length=64)

        class Meta:
            table_name = "search_document_product"
            indexes = ((("document", "product"), True), (("product",), False))

    db.bind([SearchDocument, SearchDocumentProduct])
    db.create_tables([SearchDocument, SearchDocumentProduct])
    postgresql = db.__class__.__name__.startswith("Postgres")
    for statement in POSTGRESQL_STATEMENTS if postgresql else SQLITE_STATEMENTS:
        db.execute_sql(statement)
