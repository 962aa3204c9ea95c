"""Billing: the catalogue, quotes and the price calculator, orders and invoices, licenses and
support contracts, and the entitlements that follow from them."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from flask import Flask

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """When serving, bring the catalogue's prices in step with the preset (tests opt in)."""
    app.config.setdefault("CATALOG_SYNC_ON_START", not app.testing)
    context = click.get_current_context(silent=True)
    if not app.config["CATALOG_SYNC_ON_START"] or (context and context.info_name != "run"):
        return
    from portal.billing.catalog import sync_from_preset
    from portal.db import connect_checked, db
    from portal.policy import active_policy

    try:
        with app.app_context():
            connect_checked()
            try:
                if db.table_exists("catalog_price"):
                    sync_from_preset(active_policy())
            finally:
                db.close()
    except Exception:
        log.exception("billing: syncing catalogue prices at start failed")
