"""The staff console: the queue of active tickets in the order they fall due, with filters,
counts, saved views and support lines (`views`; the queries in `queue`), `portal staff lines`.

Everything here is for support staff only (`web.role_required(*roles.STAFF)`); it reads the
tickets' models and stored SLA answers and never reaches into another feature's views.
"""
from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from portal.staff import views  # noqa: F401 - routes join bp
