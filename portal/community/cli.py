"""`portal community reindex`: every question into the search index again."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.community import indexing


@click.group("community")
def community_group() -> None:
    """The community's questions and answers."""


@community_group.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Write every shown question (with its answers) to the search index again."""
    click.echo(f"indexed {indexing.reindex_all()} question(s)")


commands = (community_group,)
