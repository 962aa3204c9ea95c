"""Account services: register, confirm, authenticate, reset, profile and e-mail change."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from peewee import IntegrityError

from portal import limits
from portal.accounts import tokens
from portal.accounts.models import User
from portal.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from portal.clock import stored_now
from portal.db import db
from portal.errors import Conflict, Gone, Invalid, Malformed, PortalError
from portal.mail.outbox import queue_mail
from portal.mail.render import external_url


def normalize_email(raw: str) -> str:
    """The address as stored: validated, and folded to lower case (unique without case)."""
    try:
        checked = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise Invalid(_("Enter a valid e-mail address."), field="email") from error
    if checked.ascii_email is None:
        # Letters beyond ASCII before the @ need SMTPUTF8, which mail servers may refuse.
        raise Invalid(_("The part before the @ has letters our mail cannot be sent to; "
                        "use an address with Latin letters before the @."), field="email")
    # A domain like пример.рф is kept in its IDNA form (xn--...), which every server takes.
    return checked.ascii_email.lower()


def check_password(password: str, email: str = "", name: str = "") -> None:
    problems = password_problems(password, email, name)
    if problems:
        raise Invalid(" ".join(problems), field="password")


def create_user(email: str, name: str, password: str, role: str = "customer",
                language: str = "ru", timezone: str = "Europe/Moscow",
                confirmed: bool = False, password_hash: str | None = None) -> User:
    """A new user; Conflict when the address is taken in any letter case. `password_hash`:
    the password's hash made already (outside the writer's transaction)."""
    email = normalize_email(email)
    check_password(password, email, name)
    if User.by_email(email) is not None:
        raise Conflict(_("An account with this e-mail address already exists."), field="email")
    try:
        with db.atomic():
            return User.create(email=email, name=name.strip(),
                               password_hash=password_hash or hash_password(password),
                               role=role, language=language, timezone=timezone,
                               email_confirmed_at=stored_now() if confirmed else None)
    except IntegrityError as error:  # a concurrent registration won the race
        raise Conflict(_("An account with this e-mail address already exists."), field="email") from error


def register(email: str, name: str, password: str, language: str, timezone: str,
             sender: str | None = None) -> str:
    """A new account and its confirmation link; for an address that has an account already,
    the same answer (the normalized address) and a mail to it saying so, with a reset link.

    Both branches hash a password and queue one mail, so neither answers faster. `sender`
    ("client:<address>") is counted by the mail limits with the recipient address.
    """
    email = normalize_email(email)
    check_password(password, email, name)
    password_hash = hash_password(password)  # in both branches, before the write lock
    # One transaction in both branches: one commit each, whatever was written.
    with db.atomic():
        limits.charge_mail(address=email, sender=sender)
        existing = User.by_email(email)
        if existing is None:
            try:
                user = create_user(email, name, password, language=language, timezone=timezone,
                                   password_hash=password_hash)
            except Conflict:  # a concurrent registration won the race
                existing = User.by_email(email)
            else:
                # The consent the form required, with its time (152-FZ: it must be provable).
                User.update(privacy_consent_at=stored_now()).where(User.id == user.id).execute()
                send_confirmation(user, charge=False)
                return email
        queue_mail(email, "account_exists", existing.language if existing else language,
                   link=external_url("accounts.request_reset"))
    return email


def send_confirmation(user: User, charge: bool = True) -> None:
    if charge:
        limits.charge_mail(address=user.email)
    token = tokens.make_token("confirm", {"u": user.id, "e": user.email,
                                          "p": tokens.account_fingerprint(user)})
    queue_mail(user.email, "confirm_email", user.language, name=user.name,
               link=external_url("accounts.confirm", token=token))


def resend_confirmation(email: str, sender: str | None = None) -> None:
    """Silently does nothing for unknown or confirmed addresses (no account probing); the
    address is counted by the mail limits either way."""
    try:
        email = normalize_email(email)
    except Invalid:
        return
    limits.charge_mail(address=email, sender=sender)
    user = User.by_email(email)
    if user is not None and not user.email_confirmed:
        send_confirmation(user, charge=False)


def _link_error(error: tokens.LinkError) -> PortalError:
    if error.expired:
        return Gone(_("This link has expired. Request a new one."))
    return Malformed(_("This link is not valid. Check that you copied it whole."))


def _link_payload(purpose: str, token: str, max_age: int) -> tuple[dict, User | None]:
    """A mailed link's signed content and the user it names; a bad link answers 400 or 410."""
    try:
        payload = tokens.read_token(purpose, token, max_age)
    except tokens.LinkError as error:
        raise _link_error(error) from error
    return payload, User.get_or_none(User.id == payload.get("u"))


def confirm_email(token: str) -> User:
    payload, user = _link_payload("confirm", token, tokens.CONFIRM_MAX_AGE)
    if user is None or user.email != payload.get("e"):
        raise Malformed(_("This link is not valid. Check that you copied it whole."))
    if tokens.account_fingerprint(user) != payload.get("p"):
        raise Gone(_("This link no longer works: the password or the address changed since "
                     "it was sent. Request a new one."))
    if user.email_confirmed:
        raise Conflict(_("This address is already confirmed. You can log in."))
    User.update(email_confirmed_at=stored_now()).where(User.id == user.id).execute()
    return User.get_by_id(user.id)


def authenticate(email: str, password: str) -> User | None:
    """The user whose password matches, or None (same answer for unknown addresses)."""
    user = User.by_email(email)
    if user is None:
        hash_password(password)  # spend the same time as a real check
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        User.update(password_hash=hash_password(password)).where(User.id == user.id).execute()
    return user


def request_password_reset(email: str, language: str = "ru", sender: str | None = None) -> None:
    """Mail a reset link when the account exists, else a mail saying no account uses the
    address: the answer, its time and the mail limits never tell which it was."""
    try:
        email = normalize_email(email)
    except Invalid:
        return
    limits.charge_mail(address=email, sender=sender)
    user = User.by_email(email)
    if user is None or not user.active:
        tokens.make_token("reset", {"u": 0, "p": ""})  # the same work as a real link
        queue_mail(email, "no_account", language, link=external_url("accounts.register"))
        return
    token = tokens.make_token("reset", {"u": user.id, "p": tokens.account_fingerprint(user)})
    queue_mail(user.email, "reset_password", user.language, name=user.name,
               link=external_url("accounts.reset_password", token=token))


def user_for_reset(token: str) -> User:
    payload, user = _link_payload("reset", token, tokens.RESET_MAX_AGE)
    if user is None or tokens.account_fingerprint(user) != payload.get("p"):
        # The password (or the address) changed since the link was made: used, or void.
        raise Gone(_("This link has already been used. Request a new one."))
    return user


def reset_password(token: str, password: str) -> User:
    user = user_for_reset(token)
    check_password(password, user.email, user.name)
    _store_password(user, password)
    # Following the mailed link proves the address too.
    if not user.email_confirmed:
        User.update(email_confirmed_at=stored_now()).where(User.id == user.id).execute()
    return User.get_by_id(user.id)


def _store_password(user: User, password: str) -> None:
    # Open reset, confirmation and address-change links end with the old hash (tokens);
    # the views end the sessions (accounts.sessions).
    user.password_hash = hash_password(password)
    User.update(password_hash=user.password_hash).where(User.id == user.id).execute()


def update_profile(user: User, name: str, language: str, timezone: str) -> None:
    User.update(name=name.strip(), language=language, timezone=timezone
                ).where(User.id == user.id).execute()


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise Invalid(_("The current password is not right."), field="current_password")
    check_password(new, user.email, user.name)
    _store_password(user, new)
    # The owner hears of it, with a way back if it was not them (a reset ends every log-in).
    queue_mail(user.email, "password_changed", user.language, name=user.name,
               at=stored_now(), zone=user.timezone,
               link=external_url("accounts.request_reset"))


def request_email_change(user: User, new_email: str, password: str) -> str:
    """Mail a confirmation link to the new address; the old one stays until it is followed."""
    if not verify_password(user.password_hash, password):
        raise Invalid(_("The current password is not right."), field="password")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise Invalid(_("This is already your address."), field="new_email")
    if User.by_email(new_email) is not None:
        raise Conflict(_("An account with this e-mail address already exists."), field="new_email")
    limits.charge_mail(address=new_email, sender=f"user:{user.id}")
    token = tokens.make_token("email", {"u": user.id, "old": user.email, "new": new_email,
                                        "p": tokens.account_fingerprint(user)})
    queue_mail(new_email, "change_email", user.language, name=user.name,
               link=external_url("accounts.confirm_email_change", token=token))
    return new_email


def confirm_email_change(token: str) -> User:
    payload, user = _link_payload("email", token, tokens.EMAIL_CHANGE_MAX_AGE)
    if user is None:
        raise Malformed(_("This link is not valid. Check that you copied it whole."))
    if user.email == payload.get("new"):
        raise Conflict(_("This address is already confirmed. You can log in."))
    if user.email != payload.get("old") or tokens.account_fingerprint(user) != payload.get("p"):
        raise Gone(_("This link has already been used. Request a new one."))
    if User.by_email(payload["new"]) is not None:
        raise Conflict(_("An account with this e-mail address already exists."))
    try:
        with db.atomic():
            User.update(email=payload["new"], email_confirmed_at=stored_now()
                        ).where(User.id == user.id).execute()
            # The old address hears where the account went and whom to ask if it was not them.
            queue_mail(payload["old"], "email_changed", user.language, name=user.name,
                       at=stored_now(), zone=user.timezone, new_email=payload["new"],
                       support=current_app.config["MAIL_SUPPORT_ADDRESS"])
    except IntegrityError as error:
        raise Conflict(_("An account with this e-mail address already exists.")) from error
    return User.get_by_id(user.id)


def staff_addresses() -> set[str]:
    """Addresses of staff and administrators: the demo mailbox never shows their mail."""
    from portal.roles import STAFF

    return {row.email for row in User.select(User.email).where(User.role.in_(sorted(STAFF)))}


def personal_data(user: User) -> dict:
    """Everything the accounts part of the portal keeps about `user`, as JSON-ready data."""
    from portal.accounts.models import Membership, UserSession

    def moment(value):
        return value.isoformat() + "Z" if value else None

    return {
        "account": {"email": user.email, "name": user.name, "language": user.language,
                    "timezone": user.timezone, "role": user.role,
                    "created_at": moment(user.created_at),
                    "email_confirmed_at": moment(user.email_confirmed_at),
                    "privacy_consent_at": moment(user.privacy_consent_at),
                    "deletion_requested_at": moment(user.deletion_requested_at)},
        "organizations": [{"name": m.organization.name, "responsible": bool(m.responsible)}
                          for m in Membership.select().where(Membership.user == user.id)],
        "log_ins": [{"started_at": moment(s.created_at), "last_seen_at": moment(s.last_seen_at)}
                    for s in UserSession.select().where(UserSession.user == user.id)],
    }


def request_deletion(user: User, password: str) -> None:
    """Record the owner's request to delete the account and tell support, who carry it out
    (tickets and invoices the law makes us keep stay, without the person's name)."""
    if not verify_password(user.password_hash, password):
        raise Invalid(_("The current password is not right."), field="password")
    now = stored_now()
    User.update(deletion_requested_at=now).where(User.id == user.id).execute()
    queue_mail(current_app.config["MAIL_SUPPORT_ADDRESS"], "deletion_request", "ru",
               name=user.name, email=user.email, at=now, zone=user.timezone)
