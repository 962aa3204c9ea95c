"""The task queue's storage follows the app's configuration: immediate, Redis, or a SQLite file."""
from __future__ import annotations

from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from portal.worker import build_queue, huey


def test_the_test_session_runs_tasks_immediately():
    assert huey.immediate


def test_sqlite_file_in_the_instance_directory_by_default(tmp_path):
    queue = build_queue({"INSTANCE_DIR": str(tmp_path), "REDIS_URL": ""})
    assert isinstance(queue.storage, SqliteStorage) and not queue.immediate
    assert (tmp_path / "huey.sqlite3").exists()


def test_redis_when_configured(tmp_path):
    queue = build_queue({"INSTANCE_DIR": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6399/3"})
    assert isinstance(queue.storage, RedisStorage)
    assert queue.storage.conn.connection_pool.connection_kwargs["db"] == 3


def test_immediate_mode_keeps_tasks_in_memory(tmp_path):
    queue = build_queue({"INSTANCE_DIR": str(tmp_path), "TASKS_IMMEDIATE": True})
    assert isinstance(queue.storage, MemoryStorage) and queue.immediate
    assert not (tmp_path / "huey.sqlite3").exists()


def test_the_mail_tasks_are_registered():
    names = {name.rsplit(".", 1)[-1] for name in huey._registry._registry}
    assert {"send_message", "send_due_mail"} <= names
