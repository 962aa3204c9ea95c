"""Forms of the account pages (every POST goes through one: CSRF and validation)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from portal.accounts.passwords import MAX_LENGTH
from portal.forms import PortalForm
from portal.i18n import zone_name

# Zones of Russia first (most customers), then neighbours and a few far ones.
TIMEZONES = (
    "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk",
    "Asia/Novosibirsk", "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok",
    "Asia/Magadan", "Asia/Kamchatka", "Europe/Minsk", "Asia/Almaty", "Asia/Tashkent",
    "Europe/Berlin", "Europe/London", "America/New_York", "UTC",
)
LANGUAGE_NAMES = (("ru", "Русский"), ("en", "English"))


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name) for code, name in LANGUAGE_NAMES]


def timezone_choices(current: str | None = None) -> list[SelectChoice]:
    zones = list(TIMEZONES)
    if current and current not in zones:
        zones.insert(0, current)  # a zone set by an administrator stays selectable
    return [SelectChoice(zone, zone_name(zone, city=True)) for zone in zones]


def _password_field(label):
    return PasswordField(label, validators=[DataRequired(), Length(max=MAX_LENGTH)],
                         render_kw={"autocomplete": "new-password"})


class JoinForm(PortalForm):
    """A new account for an invited person: the invitation gives the e-mail."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    password = _password_field(_l("Password"))
    timezone = SelectField(_l("Time zone"), default="Europe/Moscow")
    # 152-FZ: the person's own consent, specific and informed (the privacy notice is linked).
    consent = BooleanField(
        _l("I consent to the processing of my personal data as the privacy notice describes"),
        validators=[DataRequired(_l("Registration needs your consent to the processing of "
                                    "personal data."))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()


class RegisterForm(JoinForm):
    """A new account of one's own: the invitation's fields (with the consent) plus the e-mail."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "email"})


class DeletionRequestForm(PortalForm):
    """Ask support to delete one's account (the password proves it is the owner)."""

    password = PasswordField(_l("Current password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})


class LoginForm(PortalForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Remember me on this device"))
    next = HiddenField()


class EmailOnlyForm(PortalForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "email"})


class NewPasswordForm(PortalForm):
    password = _password_field(_l("New password"))


class ProfileForm(PortalForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    language = SelectField(_l("Language"))
    timezone = SelectField(_l("Time zone"))

    def __init__(self, *args, current_timezone: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()
        self.timezone.choices = timezone_choices(current_timezone)


class PasswordChangeForm(PortalForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    new_password = _password_field(_l("New password"))


class EmailChangeForm(PortalForm):
    new_email = EmailField(_l("New e-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Current password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})


class InviteForm(PortalForm):
    email = EmailField(_l("Colleague's e-mail"), validators=[DataRequired(), Length(max=254)])
    responsible = BooleanField(_l("Responsible contact (may file tickets and invite others)"))


class ResponsibleForm(PortalForm):
    """Grant ("1") or withdraw ("0") a colleague's flag, or hand one's own over ("hand_over")."""

    # An integer field: a forged id must be refused here, not reach the database (PostgreSQL
    # rejects text compared with an integer column).
    membership = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
    responsible = HiddenField(validators=[DataRequired()])

    def validate_responsible(self, field) -> None:
        if field.data not in ("1", "0", "hand_over"):
            raise ValidationError("1, 0 or hand_over")


class WithdrawInvitationForm(PortalForm):
    invitation = IntegerField(widget=HiddenInput(), validators=[DataRequired()])




class AcceptForm(PortalForm):
    """The logged-in invitee's "join" button (CSRF only)."""


class LogOutEverywhereForm(PortalForm):
    """The profile's "log out everywhere" button (CSRF only)."""
