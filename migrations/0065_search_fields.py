"""Search: headings and tags become columns of their own, so the engines weigh title >
headings > tags > body; SQLite gains a vocabulary table (fts5vocab) for typo correction.

SQLite: the FTS5 table and its triggers are made again with four columns and refilled.
PostgreSQL: the generated vector is made again with weights A (title), B (headings),
C (tags), D (body).
"""

COLUMNS = ("title_stems", "heading_stems", "tag_stems", "body_stems")
_NEW = ", ".join(f"new.{column}" for column in COLUMNS)
_LIST = ", ".join(COLUMNS)

SQLITE_STATEMENTS = (
    "DROP TRIGGER IF EXISTS search_document_fts_insert",
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TRIGGER IF EXISTS search_document_fts_update",
    "DROP TABLE IF EXISTS search_document_fts",
    f"""CREATE VIRTUAL TABLE search_document_fts USING fts5(
        {_LIST}, tokenize = 'unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER search_document_fts_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_document_fts (rowid, {_LIST}) VALUES (new.id, {_NEW});
    END""",
    """CREATE TRIGGER search_document_fts_delete AFTER DELETE ON search_document BEGIN
        DELETE FROM search_document_fts WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER search_document_fts_update AFTER UPDATE ON search_document BEGIN
        DELETE FROM search_document_fts WHERE rowid = old.id;
        INSERT INTO search_document_fts (rowid, {_LIST}) VALUES (new.id, {_NEW});
    END""",
    f"INSERT INTO search_document_fts (rowid, {_LIST}) SELECT id, {_LIST} FROM search_document",
    "CREATE VIRTUAL TABLE search_document_vocab USING fts5vocab(search_document_fts, 'row')",
)

POSTGRESQL_STATEMENTS = (
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN search_vector",
    """ALTER TABLE search_document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_stems, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(heading_stems, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, coalesce(tag_stems, '')), 'C')
        || setweight(to_tsvector('simple'::regconfig, coalesce(body_stems, '')), 'D')
    ) STORED""",
    "CREATE INDEX search_document_vector ON search_document USING GIN (search_vector)",
)


def upgrade(db, migrator):
    # Plain ALTER TABLE (never the migrator's table rebuild, which drops the triggers).
    for column in ("heading_stems", "tag_stems"):
        db.execute_sql(f"ALTER TABLE search_document ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    postgresql = db.__class__.__name__.startswith("Postgres")
    for statement in POSTGRESQL_STATEMENTS if postgresql else SQLITE_STATEMENTS:
        db.execute_sql(statement)
