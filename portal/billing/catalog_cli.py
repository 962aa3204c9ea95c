"""`portal catalog sync|set-price|prices`: the catalogue's list prices in the database."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

import click
from flask.cli import with_appcontext

from portal.errors import PortalError


@click.group("catalog")
def catalog() -> None:
    """List prices of the products' editions."""


@catalog.command("sync")
@with_appcontext
def sync() -> None:
    """Take the preset's prices where they differ from the current ones."""
    from portal.billing.catalog import sync_from_preset
    from portal.policy import active_policy

    click.echo(f"{sync_from_preset(active_policy())} price(s) changed")


@catalog.command("set-price")
@click.argument("product")
@click.argument("edition")
@click.argument("price")
@with_appcontext
def set_price_command(product: str, edition: str, price: str) -> None:
    """Give EDITION of PRODUCT a new list price from now on (the old one stays in history)."""
    from portal.billing.catalog import set_price
    from portal.policy import active_policy

    try:
        amount = Decimal(price)
    except InvalidOperation as error:
        raise click.BadParameter(f"{price!r} is not an amount", param_hint="PRICE") from error
    try:
        set_price(active_policy(), product, edition, amount)
    except PortalError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"{product} {edition}: {amount} from now on")


@catalog.command("prices")
@click.argument("product")
@click.argument("edition")
@with_appcontext
def prices(product: str, edition: str) -> None:
    """The price history of EDITION of PRODUCT, newest first."""
    from portal.billing.catalog import price_history

    for row in price_history(product, edition):
        click.echo(f"{row.since:%Y-%m-%d %H:%M}  {row.price:.2f} {row.currency}  ({row.source})")


commands = [catalog]
