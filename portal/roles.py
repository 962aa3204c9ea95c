"""The role vocabulary: who a user is to the portal (one role each)."""
from __future__ import annotations

CUSTOMER, AGENT, HEAD, ADMIN = "customer", "agent", "head", "admin"
ROLES = (CUSTOMER, AGENT, HEAD, ADMIN)
# Who works tickets: agents, the head of support, administrators.
STAFF = (AGENT, HEAD, ADMIN)
# Who confirms that an order's bank transfer arrived.
BILLING = (HEAD, ADMIN)


def is_staff(user) -> bool:
    """A logged-in member of the vendor's support staff."""
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in STAFF


def is_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) == ADMIN


def has_role(user, *names: str) -> bool:
    """A logged-in user whose role is one of `names`."""
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in names
