"""`portal mail-in` (one message from an MTA on standard input) and `portal mail fetch` (the
support mailbox over IMAP)."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

EX_TEMPFAIL = 75  # sendmail's "try again later": the MTA keeps the message and retries


@click.command("mail-in")
@with_appcontext
def mail_in_command() -> None:
    """Handle one RFC 822 message from standard input; exit 0 once stored or bounced."""
    from portal.clock import utc_now
    from portal.policy import active_policy
    from portal.tickets.mail_in import handle

    raw = sys.stdin.buffer.read()
    if not raw.strip():
        click.echo("mail-in: no message on standard input", err=True)
        raise SystemExit(EX_TEMPFAIL)
    try:
        outcome = handle(raw, active_policy(), utc_now())
    except Exception as error:  # the message is stored as failed; the MTA retries too
        click.echo(f"mail-in: could not handle the message: {error}", err=True)
        raise SystemExit(EX_TEMPFAIL) from error
    ticket = f" {outcome.ticket.number}" if outcome.ticket is not None else ""
    click.echo(f"{outcome.status}{ticket}{' (' + outcome.reason + ')' if outcome.reason else ''}")


@click.group("mail")
def mail_group() -> None:
    """The support mailbox."""


@mail_group.command("fetch")
@with_appcontext
def fetch_command() -> None:
    """Read new messages of the IMAP mailbox (PORTAL_IMAP_*) and move the handled ones."""
    from portal.clock import utc_now
    from portal.policy import active_policy
    from portal.tickets.imap import fetch

    if not current_app.config.get("IMAP_HOST"):
        raise click.ClickException("PORTAL_IMAP_HOST is not set: no mailbox to fetch")
    report = fetch(current_app.config, active_policy(), utc_now())
    counts = ", ".join(f"{count} {status}" for status, count in sorted(report.handled.items()))
    click.echo(f"fetched: {counts or 'nothing new'}; failed: {report.failed}")
    if report.failed:
        raise SystemExit(1)


commands = [mail_in_command, mail_group]
