"""Personal data (152-FZ): the privacy notice, one's data as JSON, a request to delete."""
from __future__ import annotations

import json

from flask import Response, current_app, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts import forms, services
from portal.errors import PortalError
from portal.web import attach_error, render, see_other, status_of

# app.extensions key: functions (user -> {section: data}) of the features built on accounts,
# named in create_app, so the download holds a person's tickets and posts too.
PERSONAL_DATA = "accounts.personal_data"


def register(bp, profile_again) -> None:
    """Put these pages on the accounts blueprint; `profile_again` renders the profile with a
    form in error (accounts.views owns the profile page)."""

    @bp.get("/privacy")
    def privacy():
        """What the portal stores about a person, why, for how long, and whom to ask."""
        return render("accounts/privacy.html",
                      support_address=current_app.config["MAIL_SUPPORT_ADDRESS"])

    @bp.get("/profile/data.json")
    @login_required
    def my_data():
        """Everything the account holds about its owner, as a JSON file to keep."""
        data = services.personal_data(current_user)
        for section in current_app.extensions.get(PERSONAL_DATA, ()):
            data.update(section(current_user))
        body = json.dumps(data, ensure_ascii=False, indent=2)
        return Response(body, mimetype="application/json", headers={
            "Content-Disposition": 'attachment; filename="my-portal-data.json"',
            "Cache-Control": "no-store"})

    @bp.post("/profile/delete")
    @login_required
    def request_deletion():
        """Ask support to delete the account; the password proves it is the owner asking."""
        form = forms.DeletionRequestForm()
        if not form.validate_on_submit():
            return profile_again(422, deletion_form=form)
        try:
            services.request_deletion(current_user, form.password.data)
        except PortalError as error:
            attach_error(form, error)
            return profile_again(status_of(error), deletion_form=form)
        flash(_("Your request to delete the account is sent to support. They will delete it within "
                "30 days and write to you."), "success")
        return see_other(url_for("accounts.profile"))
