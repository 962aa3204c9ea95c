"""What the search pages need beside the index: filter values and the offers when nothing is found."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from portal.search.models import SearchDocument, SearchDocumentProduct


@dataclass(frozen=True)
class Facets:
    """Values the filters offer: those present in the index."""

    products: list[str]
    categories: list[str]


def facets() -> Facets:
    """Distinct products and categories of indexed documents, sorted."""
    products = (
        SearchDocumentProduct.select(SearchDocumentProduct.product)
        .distinct()
        .order_by(SearchDocumentProduct.product)
    )
    categories = (
        SearchDocument.select(SearchDocument.category)
        .where(SearchDocument.category != "")
        .distinct()
        .order_by(SearchDocument.category)
    )
    return Facets([row.product for row in products], [row.category for row in categories])


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
