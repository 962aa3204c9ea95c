"""The `portal` command: a Flask CLI group bound to create_app, with each feature's commands."""
from __future__ import annotations

import click


@click.group("db")
def db_group() -> None:
    """Database schema commands."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""
    # Flask and the database are imported here, so the app-free commands below load neither.
    from flask.cli import ScriptInfo

    from portal import migrate as migrations
    from portal.db import db

    with click.get_current_context().ensure_object(ScriptInfo).load_app().app_context():
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
    from portal.reports import cli as reports_cli
    from portal.staff import cli as staff_cli
    from portal.tickets import cli as tickets_cli

    app.cli.add_command(db_group)
    app.cli.add_command(demo.demo_command)
    for command in (*organizations_cli.commands, *policy_cli.commands, *billing_cli.commands,
                    *catalog_cli.commands,
                    *kb_cli.commands, *tickets_cli.commands, *staff_cli.commands,
                    *community_cli.commands, *reports_cli.commands):
        app.cli.add_command(command)


# Commands that need no database or app: `portal sla ...`, `portal policy check`, `portal
# quote` answer at once, without building the whole app (and its database, queue, catalogues).
STANDALONE = ("sla", "policy", "quote")


def standalone_group() -> click.Group:
    """The app-free commands in a plain click group."""
    from portal.billing import cli as billing_cli
    from portal.policy import cli as policy_cli

    group = click.Group("portal", help="The support portal.")
    for command in (*policy_cli.commands, *billing_cli.commands):
        group.add_command(command)
    return group


def main() -> None:
    import sys

    if len(sys.argv) > 1 and sys.argv[1] in STANDALONE:
        standalone_group()(prog_name="portal")
        return
    from flask.cli import FlaskGroup

    from portal import create_app

    FlaskGroup(create_app=lambda: create_app(), help="The support portal.")(prog_name="portal")
