"""`portal kb reindex` and `portal kb check`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.kb.catalog import article_files, category_folders, check


def _kb_root(kb_dir: str | None) -> Path:
    return Path(kb_dir or current_app.config["KB_DIR"])


@click.group("kb")
def kb() -> None:
    """Knowledge-base commands."""


@kb.command("reindex")
@click.option("--kb-dir", type=click.Path(file_okay=False), help="Folder of articles.")
@click.option("--full", is_flag=True, help="Render every article again, changed or not.")
@with_appcontext
def reindex(kb_dir: str | None, full: bool) -> None:
    """Bring the article index in step with kb/ and the active preset (only changed files
    are rendered; the regulation section is written from the preset)."""
    from portal.db import connect_checked, db
    from portal.kb import sync_for
    from portal.kb.models import KbArticle

    root = _kb_root(kb_dir)
    stamps = article_files(root)
    connect_checked()
    try:
        if full:
            # As if an older renderer had made every article: all are rendered again.
            KbArticle.update(renderer=0).execute()
        with click.progressbar(
            stamps,
            label="Indexing kb/",
            item_show_func=lambda stamp: stamp.path if stamp else None,
        ) as bar:
            report = sync_for(current_app, root, stamps=bar)
    finally:
        db.close()
    for problem in report.problems:
        click.echo(f"skipped {problem}", err=True)
    click.echo(
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.removed)} removed, {report.unchanged} unchanged"
    )


@kb.command("check")
@click.option("--kb-dir", type=click.Path(file_okay=False), help="Folder of articles.")
@with_appcontext
def check_command(kb_dir: str | None) -> None:
    """Check front matter, links, images, translations and length; exit 1 on any problem."""
    root = _kb_root(kb_dir)
    if not root.is_dir():
        click.echo(f"{root}: no such folder", err=True)
        raise click.exceptions.Exit(1)
    from portal.domain.policy import PRESET_CODES
    from portal.kb.regulation import generated_paths
    from portal.policy import active_policy

    problems = check(root, generated_paths(), frozenset({*PRESET_CODES, active_policy().code}))
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {root}", err=True)
        raise click.exceptions.Exit(1)
    click.echo(
        f"{root}: {len(article_files(root))} articles in "
        f"{len(category_folders(root))} categories, no problems"
    )


commands = [kb]
