"""`portal demo`: the demo data of every feature, in order; safe to run again.

Each feature keeps its demo data beside its code (`portal/<feature>/demo.py`); this list says
which steps run and in what order. Every step must be idempotent.
"""
from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from portal.accounts import demo as accounts_demo
from portal.billing import demo as billing_demo
from portal.billing.entitlements import responsible_limit
from portal.community import demo as community_demo
from portal.policy import active_policy
from portal.tickets import demo as tickets_demo

STEPS: tuple[tuple[str, Callable[[], None]], ...] = (
    ("Organizations", accounts_demo.seed_organizations),
    ("Catalogue prices", billing_demo.seed_catalog),
    ("Licenses and support contracts", billing_demo.seed_contracts),
    ("Users and contacts", lambda: accounts_demo.seed_users(
        limit_of=lambda organization: responsible_limit(organization, active_policy()))),
    ("Tickets", tickets_demo.seed_tickets),
    ("Canned replies", tickets_demo.seed_canned_replies),
    ("Community questions", community_demo.seed_questions),
)


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create the demo organizations and users (password demo-portal-2026); safe to repeat."""
    with force_locale("en"), click.progressbar(
            STEPS, label="Demo data", item_show_func=lambda s: s[0] if s else "") as bar:
        for _label, step in bar:
            step()
    click.echo(f"Demo ready: {len(STEPS)} step(s); every demo user's password is "
               f"{accounts_demo.DEMO_PASSWORD}")
