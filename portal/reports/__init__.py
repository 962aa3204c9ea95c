"""The head of support's reports: SLA compliance against the policy's bar, response and
resolution times, satisfaction, deflected tickets, backlog, load per agent and consulting
hours, each for a chosen period, as a page (chart and table), a CSV file and an SVG chart.

For the head of support and administrators only. The numbers are counted in SQL from stored
rows (queries.py): tickets.outcomes keeps every target clock as the last SLA refresh saw it.
"""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from portal.reports import views  # noqa: F401 - routes join bp
