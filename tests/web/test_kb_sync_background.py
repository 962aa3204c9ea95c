"""Serving, the knowledge base syncs beside the requests: the app answers at once, one process
of the host syncs (a file lock), the others leave it to that one."""
from __future__ import annotations

import fcntl
import shutil
import threading
import time
from pathlib import Path

from portal.db import db

FIXTURE = Path(__file__).resolve().parent.parent / "kb_fixture"


def _kb_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "kb-sync"]


def test_the_sync_runs_beside_serving_and_fills_the_index(app, app_config, tmp_path):
    from portal import create_app
    from portal.kb.models import KbArticle

    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    served = create_app({**app_config, "KB_DIR": str(root), "KB_SYNC_ON_START": True,
                         "KB_SYNC_IN_BACKGROUND": True})
    assert served.test_client().get("/healthz").status_code == 200  # not waiting for it
    for thread in _kb_threads():
        thread.join(timeout=60)
    with served.app_context():
        db.connect(reuse_if_open=True)
        assert KbArticle.select().where(KbArticle.path == "howto/export.md").exists()


def test_a_second_process_leaves_the_sync_to_the_one_holding_the_lock(app, app_config,
                                                                      tmp_path):
    from portal import create_app
    from portal.kb.models import KbArticle

    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    instance = Path(app_config["INSTANCE_DIR"])
    instance.mkdir(parents=True, exist_ok=True)
    with (instance / "kb-sync.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as if another worker were syncing
        create_app({**app_config, "KB_DIR": str(root), "KB_SYNC_ON_START": True,
                    "KB_SYNC_IN_BACKGROUND": True})
        for thread in _kb_threads():
            thread.join(timeout=60)
        time.sleep(0.1)
    with app.app_context():
        db.connect(reuse_if_open=True)
        assert not KbArticle.select().where(KbArticle.path == "howto/export.md").exists()
