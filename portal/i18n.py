"""Languages: Flask-Babel setup, locale and time-zone choice, and compiling the catalogues."""
from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import has_request_context, request, session
from flask_babel import Babel
from flask_login import current_user

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
PACKAGE_DIR = Path(__file__).resolve().parent

babel = Babel()


def translation_directories() -> list[Path]:
    """The core catalogue plus one per feature package (portal/<feature>/translations)."""
    found = [PACKAGE_DIR / "translations"] + sorted(PACKAGE_DIR.glob("*/translations"))
    return [p for p in found if p.is_dir()]


def compile_catalogs() -> int:
    """Compile every messages.po to messages.mo when the .po is newer; return how many."""
    compiled = 0
    for directory in translation_directories():
        for po_path in directory.glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)
            compiled += 1
    return compiled


def select_locale() -> str:
    """The user's setting, then the session's choice, then Accept-Language, then Russian."""
    if not has_request_context():  # a CLI command or a queued task: no visitor to ask
        return DEFAULT_LANGUAGE
    from flask import g

    if g.get("request_language") in LANGUAGES:  # a request that chose by its own rule (API)
        return g.request_language
    user_language = getattr(current_user, "language", None)
    if user_language in LANGUAGES:
        return user_language
    chosen = session.get("language")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def select_timezone() -> str:
    """The viewer's own zone when known, else the portal's display zone."""
    from flask import current_app

    return getattr(current_user, "timezone", None) or current_app.config["DISPLAY_TIMEZONE"]


def init_app(app) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(
        str(p) for p in translation_directories()
    )
    compile_catalogs()
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)


if __name__ == "__main__":
    print(f"compiled {compile_catalogs()} catalogue(s)")


def zone_name(zone, city: bool = False) -> str:
    """A time zone as people name it in the reader's language: by its city (Babel's exemplar
    city) - "Moscow time", "Екатеринбург"; city=True: the city alone (a list of zones)."""
    from zoneinfo import ZoneInfo

    from babel.dates import get_timezone_location
    from flask_babel import get_locale
    from flask_babel import gettext as _

    key = str(getattr(zone, "key", zone))
    if key in ("UTC", "Etc/UTC"):
        return "UTC"
    name = get_timezone_location(ZoneInfo(key), locale=get_locale() or DEFAULT_LANGUAGE,
                                 return_city=True)
    return name if city else _("%(city)s time", city=name)


def format_moment(moment, zone=None, date: str | None = "yMMMd", time: bool = True) -> str:
    """A moment (a naive one is the database's UTC) in the reader's locale and in `zone` (the
    viewer's zone when None): a Babel date skeleton ("yMMMd": 2 дек. 2026 г. / Dec 2, 2026)
    joined with hours:minutes by the locale's own pattern; date=None gives the time only."""
    from datetime import UTC
    from zoneinfo import ZoneInfo

    from babel.dates import format_skeleton
    from flask_babel import get_locale, get_timezone

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    tzinfo = ZoneInfo(str(getattr(zone, "key", zone))) if zone else get_timezone()
    locale = get_locale() or DEFAULT_LANGUAGE
    clock = format_skeleton("Hm", moment, tzinfo=tzinfo, locale=locale) if time else ""
    if date is None:
        return clock
    day = format_skeleton(date, moment, tzinfo=tzinfo, locale=locale)
    if not time:
        return day
    from babel import Locale

    pattern = str(Locale.parse(locale).datetime_formats["medium"])
    return pattern.replace("{1}", day).replace("{0}", clock)


def format_money(value, currency: str) -> str:
    """An amount in the reader's locale; a currency shown by its code is set apart from the
    number ("RUB 30,000.00", not "RUB30,000.00")."""
    from babel.numbers import format_currency, get_currency_symbol
    from flask_babel import get_locale

    locale = get_locale() or DEFAULT_LANGUAGE
    shown = format_currency(value, currency, locale=locale)
    symbol = get_currency_symbol(currency, locale=locale)
    if symbol.isalpha() and shown.startswith(symbol) and not shown[len(symbol)].isspace():
        shown = symbol + "\u00a0" + shown[len(symbol):]
    return shown
