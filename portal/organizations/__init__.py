"""An organization's own pages, for its contacts: contacts and invitations (`views`), licenses,
support and invoices (`licenses`). Sits above accounts (people) and billing (what was bought)."""
from flask import Blueprint

bp = Blueprint("organizations", __name__)

from portal.organizations import licenses, views  # noqa: F401 - their routes join bp
