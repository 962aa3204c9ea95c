"""Search: index family with language, so the one-version-per-reader check reads no rows."""

# With language beside family (and the row id every index carries), both lookups of
# engine._other_versions are answered from the index alone.
STATEMENTS = (
    "DROP INDEX search_document_family",
    "CREATE INDEX search_document_family_language ON search_document (family, language)",
)


def upgrade(db, migrator):
    for statement in STATEMENTS:
        db.execute_sql(statement)
