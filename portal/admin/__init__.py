"""Administration for the admin role: organizations and their contacts (the responsible
flag), the catalogue's prices, licenses, contracts, users and roles, and the audit log of
every staff change to a contract, a license, a price or a role (`audit`).

Pages in the portal's own look (`views`, `people_views`); the changes go through `services`,
which write the audit rows in the change's transaction."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from portal.admin import people_views, views  # noqa: F401 - routes join bp
