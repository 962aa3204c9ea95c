"""Apply numbered migrations from migrations/ in order, recording each one applied."""
from __future__ import annotations

import importlib.util
import re
from datetime import UTC, datetime
from pathlib import Path

from peewee import CharField, DateTimeField, Model, PostgresqlDatabase
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator

from portal.config import PROJECT_ROOT

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.py$")


class SchemaMigration(Model):
    """One applied migration, by file name."""

    name = CharField(primary_key=True)
    applied_at = DateTimeField()

    class Meta:
        table_name = "schema_migration"


def migration_files(directory: Path = MIGRATIONS_DIR) -> list[Path]:
    files = sorted(p for p in directory.glob("*.py") if _NAME.match(p.name))
    numbers = [p.name[:4] for p in files]
    duplicates = {n for n in numbers if numbers.count(n) > 1}
    if duplicates:
        raise RuntimeError(f"two migrations share a number: {sorted(duplicates)}")
    return files


def _migrator(database):
    if isinstance(database, PostgresqlDatabase):
        return PostgresqlMigrator(database)
    return SqliteMigrator(database)


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"migration_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not callable(getattr(module, "upgrade", None)):
        raise TypeError(f"{path.name} has no upgrade(db, migrator)")
    return module


def pending(database, directory: Path = MIGRATIONS_DIR) -> list[Path]:
    with SchemaMigration.bind_ctx(database):
        database.create_tables([SchemaMigration], safe=True)
        done = {row.name for row in SchemaMigration.select(SchemaMigration.name)}
    return [p for p in migration_files(directory) if p.name not in done]


def upgrade(database, directory: Path = MIGRATIONS_DIR, echo=lambda message: None) -> list[str]:
    """Apply every pending migration, each in its own transaction; return their names."""
    applied = []
    for path in pending(database, directory):
        module = _load(path)
        with database.atomic():
            module.upgrade(database, _migrator(database))
            with SchemaMigration.bind_ctx(database):
                SchemaMigration.create(name=path.name, applied_at=datetime.now(UTC))
        echo(f"applied {path.name}")
        applied.append(path.name)
    return applied
