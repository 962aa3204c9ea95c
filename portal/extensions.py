"""Extension objects created once and bound to the app in create_app."""
from __future__ import annotations

from flask_login import LoginManager
from htmx_flask import Htmx

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.session_protection = "basic"
htmx = Htmx()


@login_manager.user_loader
def _no_users_yet(user_id: str):
    """Replaced by the accounts feature's loader; with no accounts nobody is logged in."""
    return
