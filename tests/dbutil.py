"""Test database helpers: pick the engine, build the schema once by migrating, wipe rows."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from peewee import PostgresqlDatabase

from portal import migrate
from portal.db import open_database


def test_database_url(tmp_dir) -> str:
    """PostgreSQL when PORTAL_TEST_BACKEND=postgresql, else a SQLite file in a temp dir."""
    if os.environ.get("PORTAL_TEST_BACKEND") == "postgresql":
        url = os.environ.get("PORTAL_TEST_DATABASE_URL")
        if not url:
            raise RuntimeError("PORTAL_TEST_BACKEND=postgresql needs PORTAL_TEST_DATABASE_URL")
        return url
    return f"sqlite:///{tmp_dir / 'test.sqlite3'}"


def build_schema(url: str) -> None:
    """Start from an empty schema and run every migration, so migrations are tested each run."""
    database = open_database(url)
    database.connect()
    try:
        if isinstance(database, PostgresqlDatabase):
            database.execute_sql("DROP SCHEMA public CASCADE")
            database.execute_sql("CREATE SCHEMA public")
        migrate.upgrade(database)
    finally:
        database.close()


def _sqlite_tables(database) -> list[tuple[str, str]]:
    rows = database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")}
    shadow_suffixes = ("_data", "_idx", "_content", "_docsize", "_config")
    tables = []
    for name, sql in rows:
        if any(name == v + suffix for v in virtual for suffix in shadow_suffixes):
            continue
        if "fts5vocab" in (sql or "").lower():
            continue  # a read-only view of a full-text index's words
        if name not in virtual:
            tables.append((name, "table"))
        else:
            # Contentless and external-content FTS5 tables refuse DELETE: they take a command.
            external = "content=" in (sql or "").replace(" ", "").lower()
            tables.append((name, "external" if external else "virtual"))
    return tables


def wipe_rows(database) -> None:
    """Delete every row except the migration record (tests clean up after themselves)."""
    if isinstance(database, PostgresqlDatabase):
        names = [r[0] for r in database.execute_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename <> 'schema_migration'").fetchall()]
        if names:
            quoted = ", ".join(f'"{n}"' for n in names)
            database.execute_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        return
    database.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        tables = _sqlite_tables(database)
        # Plain tables first, so triggers keep full-text indexes in step; then the full-text
        # tables themselves.
        for name, kind in tables:
            if kind == "table" and name != "schema_migration":
                database.execute_sql(f'DELETE FROM "{name}"')
        for name, kind in tables:
            if kind == "external":
                database.execute_sql(f'INSERT INTO "{name}"("{name}") VALUES (\'delete-all\')')
            elif kind == "virtual":
                database.execute_sql(f'DELETE FROM "{name}"')
    finally:
        database.execute_sql("PRAGMA foreign_keys = ON")


@contextmanager
def app_with_clean_rows(config: dict) -> Iterator:
    """An app built from `config`; every row it wrote is wiped when the test ends."""
    from portal import create_app
    from portal.db import db

    application = create_app(config)
    try:
        yield application
    finally:
        wait_for_background_syncs()
        db.connect(reuse_if_open=True)
        wipe_rows(db.obj)
        db.close()


def wait_for_background_syncs() -> None:
    """A knowledge-base sync an app started beside serving finishes before rows are wiped
    (it would hold SQLite's write lock, or write into the next test's rows)."""
    import threading

    for thread in threading.enumerate():
        if thread.name == "kb-sync":
            thread.join(timeout=120)
