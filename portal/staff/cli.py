"""`portal staff lines EMAIL LINE [LINE...]`: the support lines a staff member works."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import force_locale


@click.group("staff")
def staff_group() -> None:
    """Support staff."""


@staff_group.command("lines")
@click.argument("email")
@click.argument("lines", nargs=-1, required=True)
@with_appcontext
def lines_command(email: str, lines: tuple[str, ...]) -> None:
    """Make LINES (codes of the policy's support lines) the lines of the staff member EMAIL."""
    from portal.accounts.models import User
    from portal.errors import PortalError
    from portal.policy import active_policy
    from portal.staff.services import set_lines

    user = User.by_email(email)
    if user is None:
        raise click.ClickException(f"no user with the address {email!r}")
    with force_locale("en"):
        try:
            chosen = set_lines(active_policy(), user, lines)
        except PortalError as error:
            raise click.ClickException(error.message) from error
    click.echo(f"{user.email}: {', '.join(chosen)}")


commands = [staff_group]
