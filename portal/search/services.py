"""What the search pages need beside the index: names of filter values, offers on no results."""

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


def category_names(codes: list[str], language: str) -> dict[str, str]:
    """Category code -> its title in the reader's language, as kb/<category>/ names it."""
    from portal.kb.models import KbCategory

    titles = {row.slug: row.title_in(language) for row in KbCategory.select()}
    return {code: titles.get(code, code) for code in codes}


def product_names(codes: list[str]) -> dict[str, str]:
    """Product code -> its name from the policy preset, in the reader's language."""
    from portal.kb.views import product_label

    return {code: product_label(code) for code in codes}
