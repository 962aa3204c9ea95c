"""Knowledge base: Markdown articles from kb/, their index in the database, and their pages."""

from __future__ import annotations

import logging
from pathlib import Path

import click
from flask import Flask

log = logging.getLogger(__name__)


def _started_for_a_cli_command() -> bool:
    """`portal db upgrade`, `portal kb reindex` and the like build the app too; they skip the sync."""
    context = click.get_current_context(silent=True)
    return context is not None and context.info_name != "run"


def site_paths(app: Flask) -> frozenset[str]:
    """The portal's pages an article may link to: GET routes without parameters."""
    return frozenset(rule.rule for rule in app.url_map.iter_rules()
                     if not rule.arguments and "GET" in (rule.methods or ()))


def sync_for(app: Flask, root: Path, stamps=None):
    """Sync kb/ under the active policy (its regulation section, its articles only)."""
    from portal.kb.sync import sync_index
    from portal.policy import active_policy

    return sync_index(root, stamps=stamps, policy=active_policy(), site_paths=site_paths(app))


def sync_at_start(app: Flask) -> None:
    """Bring the article index in step with kb/; a bad article is logged and skipped, never fatal."""
    from portal.db import connect_checked, db

    try:
        with app.app_context():
            connect_checked()
            try:
                if not db.table_exists("kb_article"):
                    log.warning("kb: tables missing (run `portal db upgrade`); index not synced")
                    return
                report = sync_for(app, Path(app.config["KB_DIR"]))
            finally:
                db.close()
    except Exception:
        log.exception("kb: syncing the article index at start failed")
        return
    for problem in report.problems:
        log.warning("kb: skipped %s", problem)
    if report.changed:
        log.info(
            "kb: %d added, %d updated, %d removed",
            len(report.added),
            len(report.updated),
            len(report.removed),
        )


def _sync_once_in_background(app: Flask) -> None:
    """Sync beside serving: one process of the host at a time (a file lock in the instance
    folder), the others go on serving the index as it is. A large knowledge base after a
    change takes minutes to render again; a worker must not wait for it before it serves."""
    import fcntl
    import threading

    lock_path = Path(app.config["INSTANCE_DIR"]) / "kb-sync.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)

    def run() -> None:
        with lock_path.open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return  # another process of this host is syncing
            try:
                sync_at_start(app)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    threading.Thread(target=run, name="kb-sync", daemon=True).start()


def init_app(app: Flask) -> None:
    """Sync the index when the app starts (tests opt in with KB_SYNC_ON_START): in a
    background thread when serving, at once when a test asks for it."""
    app.config.setdefault("KB_SYNC_ON_START", not app.testing)
    app.config.setdefault("KB_SYNC_IN_BACKGROUND", not app.testing)
    if app.config["KB_SYNC_ON_START"] and not _started_for_a_cli_command():
        if app.config["KB_SYNC_IN_BACKGROUND"]:
            _sync_once_in_background(app)
        else:
            sync_at_start(app)
