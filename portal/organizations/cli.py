"""Commands `portal user create` and `portal organization create|add-contact`."""
from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from portal.accounts.models import Organization
from portal.roles import ROLES


@click.group("user")
def user() -> None:
    """Manage users."""


@user.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's name as shown in the portal.")
@click.option("--role", type=click.Choice(ROLES), default="customer", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--language", type=click.Choice(["ru", "en"]), default="ru", show_default=True)
@click.option("--timezone", default="Europe/Moscow", show_default=True)
@click.option("--organization", help="Make the user a contact of this organization.")
@click.option("--responsible", is_flag=True, help="As the organization's responsible contact.")
@with_appcontext
def create(email: str, name: str, role: str, password: str, language: str, timezone: str,
           organization: str | None, responsible: bool) -> None:
    """Create a confirmed user (an administrator vouches for the address)."""
    from portal.accounts.organizations import add_member
    from portal.accounts.services import create_user
    from portal.billing.entitlements import responsible_limit
    from portal.db import db
    from portal.errors import PortalError
    from portal.policy import active_policy

    _check_timezone(timezone)
    with force_locale("en"), db.atomic():
        try:
            organization_row = None
            if organization:
                organization_row = Organization.get_or_none(Organization.name == organization)
                if organization_row is None:
                    raise click.ClickException(f"no organization named {organization!r}")
            created = create_user(email, name, password, role=role, language=language,
                                  timezone=timezone, confirmed=True)
            if organization_row is not None:
                add_member(organization_row, created,
                           responsible_limit(organization_row, active_policy()),
                           responsible=responsible)
        except PortalError as error:
            raise click.ClickException(error.message) from error
    click.echo(f"created {created.role} {created.email} (id {created.id})")


@click.group("organization")
def organization_group() -> None:
    """Manage customer organizations."""


@organization_group.command("create")
@click.argument("name")
@click.option("--timezone", default="Europe/Moscow", show_default=True,
              help="The organization's own zone (e.g. ASCON answers in the customer's zone).")
@with_appcontext
def create_organization_command(name: str, timezone: str) -> None:
    """Create a customer organization; then `portal user create --organization NAME`."""
    from portal.accounts.organizations import create_organization
    from portal.db import db

    _check_timezone(timezone)
    name = name.strip()
    if not name:
        raise click.ClickException("the name is empty")
    with db.atomic():
        if Organization.get_or_none(Organization.name == name) is not None:
            raise click.ClickException(f"an organization named {name!r} already exists")
        created = create_organization(name, timezone)
    click.echo(f"created organization {created.name} (id {created.id}, {created.timezone})")


@organization_group.command("add-contact")
@click.argument("name")
@click.argument("email")
@click.option("--responsible", is_flag=True, help="As a responsible contact (within the limit).")
@with_appcontext
def add_contact_command(name: str, email: str, responsible: bool) -> None:
    """Attach the registered user EMAIL to the organization NAME (staff vouch for them)."""
    from portal.accounts.models import User
    from portal.accounts.organizations import add_member
    from portal.billing.entitlements import responsible_limit
    from portal.errors import PortalError
    from portal.policy import active_policy

    organization = Organization.get_or_none(Organization.name == name.strip())
    if organization is None:
        raise click.ClickException(f"no organization named {name!r}")
    user = User.by_email(email)
    if user is None:
        raise click.ClickException(f"no user with the address {email!r}")
    try:
        with force_locale("en"):
            add_member(organization, user, responsible_limit(organization, active_policy()),
                       responsible=responsible)
    except PortalError as error:
        raise click.ClickException(error.message) from error
    role = "a responsible contact" if responsible else "a contact"
    click.echo(f"{user.email} is {role} of {organization.name}")


def _check_timezone(timezone: str) -> None:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise click.ClickException(f"unknown time zone {timezone!r}") from error


commands = [user, organization_group]
