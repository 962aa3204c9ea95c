"""The one database proxy: SQLite (WAL) or PostgreSQL by URL, a connection per request."""
from __future__ import annotations

from urllib.parse import urlparse

from peewee import (
    DatabaseProxy,
    InterfaceError,
    Model,
    OperationalError,
    PostgresqlDatabase,
    SqliteDatabase,
)

db = DatabaseProxy()
# The largest value of an integer column (and so of an id) on PostgreSQL; SQLite holds more.
MAX_INTEGER = 2**31 - 1


class BaseModel(Model):
    """Base of every model: bound to the proxy that create_app initialises."""

    class Meta:
        database = db
        legacy_table_names = False


def open_database(url: str):
    """Build a peewee database for a URL: sqlite:///path or postgresql://user@host:port/name."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else parsed.path
        return SqliteDatabase(
            path,
            pragmas={
                "journal_mode": "wal",
                "foreign_keys": 1,
                "busy_timeout": 5000,
                "synchronous": "normal",
            },
            check_same_thread=False,
            # A transaction takes the write lock when it begins, so a second writer waits
            # (busy_timeout) instead of failing when its read lock cannot be upgraded.
            lock_type="IMMEDIATE",
        )
    if parsed.scheme in {"postgres", "postgresql"}:
        return PostgresqlDatabase(
            parsed.path.lstrip("/"),
            user=parsed.username,
            password=parsed.password,
            host=parsed.hostname,
            port=parsed.port or 5432,
        )
    raise ValueError(f"unsupported database URL: {url}")


def is_postgres() -> bool:
    return isinstance(db.obj, PostgresqlDatabase)


def init_app(app) -> None:
    """Bind the proxy and open/close a connection around each request."""
    db.initialize(open_database(app.config["DATABASE_URL"]))

    @app.before_request
    def _connect() -> None:
        connect_checked()

    @app.teardown_request
    def _close(exc) -> None:
        if not db.is_closed():
            db.close()


def connect_checked() -> None:
    """Connect; a PostgreSQL connection lost since the last use is dropped and reopened."""
    if not db.is_closed():
        if not is_postgres():
            return
        try:
            db.execute_sql("SELECT 1")
            return
        except (InterfaceError, OperationalError):
            db.close()
    db.connect(reuse_if_open=True)
