"""What the search pages need beside the index: the offers made when nothing is found."""

from __future__ import annotations

import importlib
import importlib.util


def may_offer_ticket(user) -> bool:
    """Whether the no-results page offers this user a ticket: only a contact who may file one.

    Entitlement belongs to the tickets feature ([T1]); until it provides
    ``portal.tickets.services.may_file_ticket(user)`` nobody is offered a ticket.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if importlib.util.find_spec("portal.tickets") is None:
        return False
    if importlib.util.find_spec("portal.tickets.services") is None:
        return False
    tickets = importlib.import_module("portal.tickets.services")
    may_file_ticket = getattr(tickets, "may_file_ticket", None)
    return bool(may_file_ticket and may_file_ticket(user))
