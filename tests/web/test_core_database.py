"""The database layer: engine settings, migrations, a lost connection, the secret key."""
from __future__ import annotations

import os

import pytest
from peewee import InterfaceError, OperationalError, PostgresqlDatabase, SqliteDatabase

from portal import config as portal_config
from portal import migrate
from portal.db import db, open_database


def test_sqlite_pragmas(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    database.connect()
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000
    database.close()


def test_unknown_database_url_is_refused():
    with pytest.raises(ValueError, match="unsupported database URL"):
        open_database("mysql://root@localhost/x")


def test_migrations_run_once_and_are_recorded(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    database.connect()
    first = migrate.upgrade(database)
    assert first and first == sorted(first)
    assert "app_setting" in database.get_tables()
    assert migrate.upgrade(database) == []
    database.close()


def test_duplicate_migration_numbers_are_refused(tmp_path):
    for name in ("0001_a.py", "0001_b.py"):
        (tmp_path / name).write_text("def upgrade(db, migrator):\n    pass\n")
    with pytest.raises(RuntimeError, match="share a number"):
        migrate.migration_files(tmp_path)


def test_failed_migration_leaves_nothing_half_done(tmp_path):
    (tmp_path / "0001_ok.py").write_text(
        "def upgrade(db, migrator):\n    db.execute_sql('CREATE TABLE ok_table (id INTEGER)')\n")
    (tmp_path / "0002_bad.py").write_text(
        "def upgrade(db, migrator):\n"
        "    db.execute_sql('CREATE TABLE half_table (id INTEGER)')\n"
        "    raise RuntimeError('boom')\n")
    database = open_database(f"sqlite:///{tmp_path / 'f.sqlite3'}")
    database.connect()
    with pytest.raises(RuntimeError, match="boom"):
        migrate.upgrade(database, tmp_path)
    assert "ok_table" in database.get_tables()
    assert "half_table" not in database.get_tables()
    assert [p.name for p in migrate.pending(database, tmp_path)] == ["0002_bad.py"]
    database.close()


def test_cli_db_upgrade_reports_up_to_date(runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "schema is up to date" in result.output


def test_secret_key_generated_once(tmp_path, monkeypatch):
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    first = portal_config.load({"INSTANCE_DIR": str(tmp_path)})["SECRET_KEY"]
    second = portal_config.load({"INSTANCE_DIR": str(tmp_path)})["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_POLICY_PRESET", "terrasoft")
    monkeypatch.setenv("PORTAL_DEMO_MODE", "yes")
    monkeypatch.setenv("PORTAL_MAIL_PORT", "2525")
    loaded = portal_config.load({"INSTANCE_DIR": str(tmp_path)})
    assert loaded["POLICY_PRESET"] == "terrasoft"
    assert loaded["DEMO_MODE"] is True and loaded["MAIL_PORT"] == 2525


def test_lost_postgres_connection_is_reopened(app, client):
    if not isinstance(db.obj, PostgresqlDatabase):
        pytest.skip("PostgreSQL only: SQLite has no server connection to lose")
    db.connect(reuse_if_open=True)
    with pytest.raises((InterfaceError, OperationalError), match="terminat|closed"):
        db.execute_sql("SELECT pg_terminate_backend(pg_backend_pid())")
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_engine_matches_the_test_backend(app):
    """The engine the run asked for (PORTAL_TEST_BACKEND), not merely one of the two."""
    postgres = os.environ.get("PORTAL_TEST_BACKEND") == "postgresql"
    wanted, other = ((PostgresqlDatabase, SqliteDatabase) if postgres
                     else (SqliteDatabase, PostgresqlDatabase))
    assert isinstance(db.obj, wanted) and not isinstance(db.obj, other), type(db.obj)
    assert app.config["DATABASE_URL"].startswith("postgresql://" if postgres else "sqlite:///")
    db.connect(reuse_if_open=True)
    try:
        version = db.execute_sql("SELECT version()" if postgres
                                 else "SELECT sqlite_version()").fetchone()[0]
    finally:
        db.close()
    assert ("PostgreSQL" in version) if postgres else version[0].isdigit()


def test_workers_starting_together_share_one_secret_key(tmp_path, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    for attempt in range(5):
        instance = tmp_path / str(attempt)
        instance.mkdir()
        with ThreadPoolExecutor(max_workers=8) as pool:
            keys = set(pool.map(portal_config._instance_secret, [instance] * 16))
        assert len(keys) == 1 and len(keys.pop()) == 64
        assert [p.name for p in instance.iterdir()] == ["secret_key"]


@pytest.mark.parametrize(("variable", "value", "reason"), [
    ("PORTAL_MAIL_PORT", "smtp", "port number"),
    ("PORTAL_MAIL_PORT", "70000", "port number"),
    ("PORTAL_DEMO_MODE", "ture", "on/off"),
    ("PORTAL_DISPLAY_TIMEZONE", "Mars/Olympus", "time zone"),
])
def test_unusable_setting_stops_startup_naming_the_variable(tmp_path, monkeypatch, variable,
                                                            value, reason):
    monkeypatch.setenv(variable, value)
    with pytest.raises(portal_config.ConfigError, match=reason) as raised:
        portal_config.load({"INSTANCE_DIR": str(tmp_path)})
    assert f"{variable}={value!r}" in str(raised.value)


def test_switches_accept_the_usual_spellings(tmp_path, monkeypatch):
    for raw, expected in [("on", True), ("TRUE", True), ("1", True), ("off", False),
                          ("no", False), ("", False)]:
        monkeypatch.setenv("PORTAL_HTTPS", raw)
        assert portal_config.load({"INSTANCE_DIR": str(tmp_path)})["HTTPS"] is expected


def test_each_request_opens_and_closes_its_connection(app, client):
    seen = []

    @app.get("/test/connection")
    def connection_state():
        seen.append(db.is_closed())
        return "ok"

    db.close()
    assert client.get("/test/connection").status_code == 200
    assert seen == [False]  # open while the view runs
    assert db.is_closed()  # closed again in teardown
