"""Account pages: register, confirm, log in and out, password reset, profile."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from portal import limits
from portal.accounts import forms, privacy, services, sessions
from portal.accounts.pages import link_problem, notice
from portal.errors import Conflict, PortalError
from portal.i18n import LANGUAGES, format_moment
from portal.security import safe_next
from portal.web import attach_error, current_language, form_status, render, see_other, status_of

bp = Blueprint("accounts", __name__)


def _client() -> str:
    """Who asks, for the mail limits: the user, else the visitor's address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"client:{limits.client_address()}"


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create an account; a confirmation link goes to the address."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = forms.RegisterForm()
    valid = form.validate_on_submit()
    if form.is_submitted() and not _all_problems_shown(form):
        valid = False
    if valid:
        try:
            # A known address gets the same answer; its owner is mailed a reset link.
            email = services.register(form.email.data, form.name.data, form.password.data,
                                      current_language(), form.timezone.data,
                                      sender=_client())
        except PortalError as error:
            attach_error(form, error)
            return render("accounts/register.html", form=form, status=status_of(error))
        return see_other(url_for("accounts.registered", email=email))
    return render("accounts/register.html", form=form, status=form_status(form))


def _all_problems_shown(form) -> bool:
    """The service's own checks (address, password, consent) on every field at once, so one
    submit shows every problem; True when there are none."""
    if form.email.data and not form.email.errors:
        try:
            services.normalize_email(form.email.data)
        except PortalError as error:
            form.email.errors = [*form.email.errors, error.message]
    if form.password.data and not form.password.errors:
        problems = services.password_problems(form.password.data, form.email.data or "",
                                              form.name.data or "")
        if problems:
            form.password.errors = [*form.password.errors, " ".join(problems)]
    return not form.errors


@bp.get("/register/sent")
def registered():
    """Tell the new user to look for the confirmation mail."""
    return render("accounts/registered.html", email=request.args.get("email", ""),
                  form=forms.EmailOnlyForm(email=request.args.get("email", "")))


@bp.get("/confirm/<token>")
def confirm(token: str):
    """Follow the mailed confirmation link."""
    try:
        services.confirm_email(token)
    except PortalError as error:
        if isinstance(error, Conflict):
            return notice(_("Already confirmed"), error.message, 409,
                          link=(url_for("accounts.login"), _("Log in")))
        return link_problem(error)
    flash(_("Your e-mail address is confirmed. You can log in now."), "success")
    return see_other(url_for("accounts.login"))


@bp.post("/confirm/resend")
def resend_confirmation():
    """Send the confirmation link again (rate-limited like reset requests)."""
    form = forms.EmailOnlyForm()
    if not form.validate_on_submit():
        abort(400)
    limits.refuse_when_exhausted(limits.RESET_REQUESTS, "resend", form.email.data)
    limits.count_attempt(limits.RESET_REQUESTS, "resend", form.email.data)
    try:
        services.resend_confirmation(form.email.data, sender=_client())
    except PortalError as error:
        flash(error.message, "error")
        return see_other(url_for("accounts.login"))
    flash(_("If the address has an unconfirmed account, a new link is on its way."), "info")
    return see_other(url_for("accounts.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with e-mail and password; 10 failures a minute per account and address."""
    form = forms.LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        limits.refuse_when_exhausted(limits.FAILED_LOGINS, "login", form.email.data)
        blocked = limits.login_blocked_until(form.email.data)
        if blocked is not None:
            form.form_errors.append(_(
                "Too many wrong passwords for this account from here. Try again at %(time)s, "
                "or set a new password by the link below, which lifts the block.",
                time=format_moment(blocked, date=None)))
            return render("accounts/login.html", form=form, status=429)
        user = services.authenticate(form.email.data, form.password.data)
        if user is None or not user.is_active:
            limits.count_attempt(limits.FAILED_LOGINS, "login", form.email.data)
            limits.note_login_failure(form.email.data)
            form.form_errors.append(_("The e-mail or the password is not right."))
            return render("accounts/login.html", form=form, status=401)
        limits.forget_login_failures(form.email.data)
        if not user.email_confirmed:
            form.form_errors.append(_("Confirm your e-mail address first: follow the link we "
                                      "mailed you, or ask for a new one below."))
            return render("accounts/login.html", form=form, status=403,
                          resend=forms.EmailOnlyForm(email=user.email))
        # A language chosen in this browser before logging in wins and goes to the profile.
        chosen = session.pop("language", None) if session.pop("language_chosen", False) else None
        sessions.begin(user, remember=form.remember.data)
        if chosen in LANGUAGES and chosen != user.language:
            services.update_profile(user, user.name, chosen, user.timezone)
            user.language = chosen
        session["language"] = user.language
        return see_other(safe_next(form.next.data))
    return render("accounts/login.html", form=form, status=form_status(form))


@bp.post("/logout")
def logout():
    """End this log-in on the server: copies of its session and remember-me cookies die too."""
    sessions.end_current()
    return see_other(url_for("core.home"))


@bp.route("/reset", methods=["GET", "POST"])
def request_reset():
    """Ask for a password reset link; the same answer whether the account exists or not."""
    form = forms.EmailOnlyForm()
    if form.validate_on_submit():
        try:  # a mistyped address is said to be one; a well-formed unknown one is not told
            services.normalize_email(form.email.data)
        except PortalError as error:
            attach_error(form, error)
            return render("accounts/reset_request.html", form=form, status=422)
        limits.refuse_when_exhausted(limits.RESET_REQUESTS, "reset", form.email.data)
        limits.count_attempt(limits.RESET_REQUESTS, "reset", form.email.data)
        try:
            services.request_password_reset(form.email.data, current_language(),
                                            sender=_client())
        except PortalError as error:
            attach_error(form, error)
            return render("accounts/reset_request.html", form=form, status=status_of(error))
        return notice(_("Check your mail"),
                      _("If an account uses this address, a link to set a new password is on "
                        "its way. It works for one hour."))
    return render("accounts/reset_request.html", form=form,
                  status=form_status(form))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password from the mailed link."""
    try:
        services.user_for_reset(token)
    except PortalError as error:
        return link_problem(error)
    form = forms.NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data)
        except PortalError as error:
            attach_error(form, error)
            return render("accounts/reset_password.html", form=form, status=status_of(error))
        sessions.end_all(user)  # whoever knew the old password is logged out everywhere
        limits.lift_login_blocks(user.email)  # the owner proved the address: no more waiting
        logout_user()
        flash(_("Your password is changed. Log in with the new one."), "success")
        return see_other(url_for("accounts.login"))
    return render("accounts/reset_password.html", form=form,
                  status=form_status(form))


def _profile_forms(**overrides):
    user = current_user
    context = {
        "profile_form": forms.ProfileForm(
            formdata=None, name=user.name, language=user.language, timezone=user.timezone,
            current_timezone=user.timezone),
        "password_form": forms.PasswordChangeForm(formdata=None),
        "email_form": forms.EmailChangeForm(formdata=None),
        "everywhere_form": forms.LogOutEverywhereForm(formdata=None),
        "deletion_form": forms.DeletionRequestForm(formdata=None),
    }
    context.update(overrides)
    return context


@bp.get("/profile")
@login_required
def profile():
    """Name, language, time zone, password and e-mail address."""
    return render("accounts/profile.html", memberships=list(current_user.memberships()),
                  session_count=sessions.count(current_user), **_profile_forms())


def _profile_again(status: int, **forms_in_error):
    return render("accounts/profile.html", status=status,
                  memberships=list(current_user.memberships()),
                  session_count=sessions.count(current_user),
                  **_profile_forms(**forms_in_error))


@bp.post("/profile")
@login_required
def update_profile():
    """Save name, language and time zone; the page reloads in the chosen language."""
    form = forms.ProfileForm(current_timezone=current_user.timezone)
    if not form.validate_on_submit():
        return _profile_again(422, profile_form=form)
    services.update_profile(current_user, form.name.data, form.language.data, form.timezone.data)
    session["language"] = form.language.data
    with force_locale(form.language.data):  # the message reads in the language just chosen
        flash(_("Your profile is saved."), "success")
    return see_other(url_for("accounts.profile"))


@bp.post("/profile/password")
@login_required
def change_password():
    """Change the password; other sessions end, this one stays."""
    form = forms.PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
        except PortalError as error:
            attach_error(form, error)
            return _profile_again(status_of(error), password_form=form)
        # Every log-in ends (copies of this one's cookies too); this browser gets a new one.
        sessions.renew(current_user._get_current_object())
        flash(_("Your password is changed."), "success")
        return see_other(url_for("accounts.profile"))
    return _profile_again(422, password_form=form)


@bp.post("/profile/sessions/end")
@login_required
def log_out_everywhere():
    """End every log-in of this account, on every device, this one too."""
    if not forms.LogOutEverywhereForm().validate_on_submit():
        abort(400)
    sessions.end_all(current_user)
    logout_user()
    flash(_("You are logged out on every device. Log in again here."), "success")
    return see_other(url_for("accounts.login"))


@bp.post("/profile/email")
@login_required
def change_email():
    """Ask to move the account to another address; it changes once that address confirms."""
    form = forms.EmailChangeForm()
    if form.validate_on_submit():
        try:
            new_email = services.request_email_change(current_user, form.new_email.data,
                                                      form.password.data)
        except PortalError as error:
            attach_error(form, error)
            return _profile_again(status_of(error), email_form=form)
        flash(_("We mailed a confirmation link to %(email)s. Your address changes when you "
                "follow it.", email=new_email), "info")
        return see_other(url_for("accounts.profile"))
    return _profile_again(422, email_form=form)


@bp.get("/profile/email/<token>")
def confirm_email_change(token: str):
    """Follow the link mailed to the new address."""
    try:
        services.confirm_email_change(token)
    except PortalError as error:
        return link_problem(error)
    flash(_("Your e-mail address is changed."), "success")
    return see_other(url_for("accounts.profile" if current_user.is_authenticated
                             else "accounts.login"))


# The personal-data pages live on this blueprint too.
privacy.register(bp, _profile_again)
