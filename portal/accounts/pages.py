"""Pages several account flows share: a notice, and the answer to a link that cannot be used."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from portal.errors import PortalError
from portal.web import render, status_of


def notice(title: str, message: str, status: int = 200, link: tuple[str, str] | None = None):
    return render("accounts/notice.html", status=status, title=title, message=message, link=link)


def link_problem(error: PortalError):
    return notice(_("The link cannot be used"), error.message, status_of(error),
                  link=(url_for("accounts.login"), _("Log in")))
