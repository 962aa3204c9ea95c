"""The task queue: one huey instance (SQLite file, Redis, or immediate in tests) and its tasks."""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path

from huey import MemoryHuey, RedisHuey, SqliteHuey

from portal import config as portal_config

QUEUE_NAME = "portal"


def build_huey():
    """Redis when PORTAL_REDIS_URL is set, else a SQLite file in the instance directory.

    PORTAL_HUEY_IMMEDIATE=1 (the test session sets it) runs every task at once, in memory.
    """
    if portal_config._BOOL(os.environ.get("PORTAL_HUEY_IMMEDIATE", "")):
        return MemoryHuey(QUEUE_NAME, immediate=True)
    redis_url = os.environ.get("PORTAL_REDIS_URL", "")
    if redis_url:
        return RedisHuey(QUEUE_NAME, url=redis_url, results=False)
    instance = Path(os.environ.get("PORTAL_INSTANCE_DIR")
                    or portal_config.PROJECT_ROOT / "instance")
    instance.mkdir(parents=True, exist_ok=True)
    # Nobody reads task results: not storing them keeps the queue file from growing.
    return SqliteHuey(QUEUE_NAME, filename=str(instance / "huey.sqlite3"), results=False)


huey = build_huey()

_worker_app = None
_worker_app_lock = threading.Lock()


@contextmanager
def app_context():
    """The Flask app a task needs: the caller's (immediate mode), else one per worker process."""
    from flask import current_app, has_app_context

    if has_app_context():
        yield current_app._get_current_object()
        return
    global _worker_app
    with _worker_app_lock:
        if _worker_app is None:
            from portal import create_app

            _worker_app = create_app()
    from portal.db import connect_checked, db

    with _worker_app.app_context():
        connect_checked()
        try:
            yield _worker_app
        finally:
            if not db.is_closed():
                db.close()


def _load_task_modules() -> None:
    """Register tasks: the mail sender and each feature's portal/<feature>/tasks.py."""
    import importlib

    from portal import feature_modules

    importlib.import_module("portal.mail.tasks")
    for _module in feature_modules("tasks"):
        pass


_load_task_modules()
