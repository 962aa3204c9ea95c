"""Account services: register, confirm, authenticate, reset, profile and e-mail change."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from peewee import IntegrityError

from portal.accounts import tokens
from portal.accounts.models import User, new_nonce
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
    return checked.normalized.lower()


def check_password(password: str, email: str = "", name: str = "") -> None:
    problems = password_problems(password, email, name)
    if problems:
        raise Invalid(" ".join(problems), field="password")


def create_user(email: str, name: str, password: str, role: str = "customer",
                language: str = "ru", timezone: str = "Europe/Moscow",
                confirmed: bool = False) -> User:
    """A new user; Conflict when the address is taken in any letter case."""
    email = normalize_email(email)
    check_password(password, email, name)
    if User.by_email(email) is not None:
        raise Conflict(_("An account with this e-mail address already exists."), field="email")
    try:
        with db.atomic():
            return User.create(email=email, name=name.strip(), password_hash=hash_password(password),
                               role=role, language=language, timezone=timezone,
                               email_confirmed_at=stored_now() if confirmed else None)
    except IntegrityError as error:  # a concurrent registration won the race
        raise Conflict(_("An account with this e-mail address already exists."), field="email") from error


def register(email: str, name: str, password: str, language: str, timezone: str) -> User:
    user = create_user(email, name, password, language=language, timezone=timezone)
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    token = tokens.make_token("confirm", {"u": user.id, "e": user.email})
    queue_mail(user.email, "confirm_email", user.language, name=user.name,
               link=external_url("accounts.confirm", token=token))


def resend_confirmation(email: str) -> None:
    """Silently does nothing for unknown or confirmed addresses (no account probing)."""
    try:
        user = User.by_email(normalize_email(email))
    except Invalid:
        return
    if user is not None and not user.email_confirmed:
        send_confirmation(user)


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


def request_password_reset(email: str) -> None:
    """Mail a reset link when the account exists; the answer never tells whether it does."""
    try:
        user = User.by_email(normalize_email(email))
    except Invalid:
        return
    if user is None or not user.active:
        return
    token = tokens.make_token("reset", {"u": user.id,
                                        "p": tokens.password_fingerprint(user.password_hash)})
    queue_mail(user.email, "reset_password", user.language, name=user.name,
               link=external_url("accounts.reset_password", token=token))


def user_for_reset(token: str) -> User:
    payload, user = _link_payload("reset", token, tokens.RESET_MAX_AGE)
    if user is None or tokens.password_fingerprint(user.password_hash) != payload.get("p"):
        # The password changed since the link was made: the link was used already.
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
    user.password_hash = hash_password(password)
    user.session_nonce = new_nonce()  # other sessions and remember-me cookies end
    User.update(password_hash=user.password_hash, session_nonce=user.session_nonce
                ).where(User.id == user.id).execute()


def update_profile(user: User, name: str, language: str, timezone: str) -> None:
    User.update(name=name.strip(), language=language, timezone=timezone
                ).where(User.id == user.id).execute()


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise Invalid(_("The current password is not right."), field="current_password")
    check_password(new, user.email, user.name)
    _store_password(user, new)


def request_email_change(user: User, new_email: str, password: str) -> str:
    """Mail a confirmation link to the new address; the old one stays until it is followed."""
    if not verify_password(user.password_hash, password):
        raise Invalid(_("The current password is not right."), field="password")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise Invalid(_("This is already your address."), field="new_email")
    if User.by_email(new_email) is not None:
        raise Conflict(_("An account with this e-mail address already exists."), field="new_email")
    token = tokens.make_token("email", {"u": user.id, "old": user.email, "new": new_email})
    queue_mail(new_email, "change_email", user.language, name=user.name,
               link=external_url("accounts.confirm_email_change", token=token))
    return new_email


def confirm_email_change(token: str) -> User:
    payload, user = _link_payload("email", token, tokens.EMAIL_CHANGE_MAX_AGE)
    if user is None:
        raise Malformed(_("This link is not valid. Check that you copied it whole."))
    if user.email == payload.get("new"):
        raise Conflict(_("This address is already confirmed. You can log in."))
    if user.email != payload.get("old"):
        raise Gone(_("This link has already been used. Request a new one."))
    if User.by_email(payload["new"]) is not None:
        raise Conflict(_("An account with this e-mail address already exists."))
    try:
        with db.atomic():
            User.update(email=payload["new"], email_confirmed_at=stored_now()
                        ).where(User.id == user.id).execute()
    except IntegrityError as error:
        raise Conflict(_("An account with this e-mail address already exists.")) from error
    return User.get_by_id(user.id)
