"""The `portal` command: a Flask CLI group bound to create_app, with each feature's commands."""
from __future__ import annotations

import click
from flask.cli import FlaskGroup, with_appcontext

from portal import migrate as migrations
from portal.db import db


@click.group("db")
def db_group() -> None:
    """Database schema commands."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Apply every pending migration."""
    applied = migrations.upgrade(db.obj, echo=click.echo)
    click.echo(f"{len(applied)} migration(s) applied" if applied else "schema is up to date")


def register(app) -> None:
    """Add every command of the portal to the app's CLI group."""
    from portal import demo
    from portal.billing import catalog_cli
    from portal.billing import cli as billing_cli
    from portal.community import cli as community_cli
    from portal.kb import cli as kb_cli
    from portal.organizations import cli as organizations_cli
    from portal.policy import cli as policy_cli
    from portal.staff import cli as staff_cli
    from portal.tickets import cli as tickets_cli

    app.cli.add_command(db_group)
    app.cli.add_command(demo.demo_command)
    for command in (*organizations_cli.commands, *policy_cli.commands, *billing_cli.commands,
                    *catalog_cli.commands,
                    *kb_cli.commands, *tickets_cli.commands, *staff_cli.commands,
                    *community_cli.commands):
        app.cli.add_command(command)


def main() -> None:
    from portal import create_app

    FlaskGroup(create_app=lambda: create_app(), help="The support portal.")(prog_name="portal")
