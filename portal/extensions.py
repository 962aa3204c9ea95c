"""Extension objects created once and bound to the app in create_app."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from htmx_flask import Htmx

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.session_protection = "basic"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"
login_manager.localize_callback = str  # the lazy message, translated per request
htmx = Htmx()
