"""Home page, language switch and a health check."""
from __future__ import annotations

from flask import Blueprint, abort, session
from flask_login import current_user

from portal.core.forms import LanguageForm
from portal.security import safe_next
from portal.web import render, see_other

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    """The portal's front page: search and the ways to get help."""
    return render("core/home.html")


@bp.post("/language")
def set_language():
    """Remember the chosen interface language (and on the user's profile when logged in)."""
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["language"] = form.language.data
    if current_user.is_authenticated and hasattr(current_user, "language"):
        current_user.language = form.language.data
        current_user.save()
    else:
        session["language_chosen"] = True  # the next log-in in this browser keeps it
    return see_other(safe_next(form.next.data))


@bp.get("/healthz")
def health():
    """Liveness for load balancers: answers when the app and database respond."""
    from portal.db import db

    db.execute_sql("SELECT 1")
    return {"status": "ok"}
