"""The task queue's backend follows the environment: immediate, Redis, or a SQLite file."""
from __future__ import annotations

from huey import MemoryHuey, RedisHuey, SqliteHuey

from portal.jobs import build_huey, huey


def test_the_test_session_runs_tasks_immediately():
    assert huey.immediate


def test_sqlite_file_in_the_instance_directory_by_default(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_HUEY_IMMEDIATE", "")
    monkeypatch.delenv("PORTAL_REDIS_URL", raising=False)
    monkeypatch.setenv("PORTAL_INSTANCE_DIR", str(tmp_path))
    queue = build_huey()
    assert isinstance(queue, SqliteHuey) and not queue.immediate
    assert (tmp_path / "huey.sqlite3").exists()


def test_redis_when_configured(monkeypatch):
    monkeypatch.setenv("PORTAL_HUEY_IMMEDIATE", "0")
    monkeypatch.setenv("PORTAL_REDIS_URL", "redis://127.0.0.1:6399/3")
    queue = build_huey()
    assert isinstance(queue, RedisHuey)
    assert queue.storage.conn.connection_pool.connection_kwargs["db"] == 3


def test_immediate_mode_keeps_tasks_in_memory(monkeypatch):
    monkeypatch.setenv("PORTAL_HUEY_IMMEDIATE", "1")
    assert isinstance(build_huey(), MemoryHuey)


def test_the_mail_tasks_are_registered():
    names = {name.rsplit(".", 1)[-1] for name in huey._registry._registry}
    assert {"send_message", "send_due_mail"} <= names
