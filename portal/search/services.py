"""What the search pages need beside the index: the offers made when nothing is found."""

from __future__ import annotations

import importlib

# Entitlement belongs to the tickets feature ([T1]): it is asked through this hook.
TICKETS_HOOK = "portal.tickets.services"


def may_offer_ticket(user) -> bool:
    """Whether the no-results page offers this user a ticket: only a contact who may file one.

    Until ``portal.tickets.services.may_file_ticket(user)`` exists, nobody is offered one.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        tickets = importlib.import_module(TICKETS_HOOK)
    except ModuleNotFoundError as missing:
        if missing.name in ("portal.tickets", TICKETS_HOOK):
            return False
        raise
    may_file_ticket = getattr(tickets, "may_file_ticket", None)
    return bool(may_file_ticket and may_file_ticket(user))
