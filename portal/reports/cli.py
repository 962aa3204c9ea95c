"""`portal reports outcomes`: store every ticket's target outcomes again (tickets filed before
the `sla_outcome` table existed, or after a preset change), so the reports count them."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.clock import utc_now
from portal.db import db
from portal.policy import active_policy
from portal.tickets import sla
from portal.tickets.models import Ticket


@click.group("reports", help="The head of support's reports.")
def reports_group() -> None:
    pass


@reports_group.command("outcomes")
@with_appcontext
def outcomes_command() -> None:
    """Replay each ticket's timeline once and store its SLA answer and target outcomes."""
    policy, now, count = active_policy(), utc_now(), 0
    for ticket in Ticket.select().order_by(Ticket.id).iterator():
        with db.atomic():
            sla.refresh(ticket, policy, now)
        count += 1
    click.echo(f"stored the target outcomes of {count} ticket(s)")


commands = (reports_group,)
