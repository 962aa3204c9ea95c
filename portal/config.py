"""Configuration: defaults, then PORTAL_* environment variables, then test overrides."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent



class ConfigError(ValueError):
    """A PORTAL_* setting the portal cannot use; the message names the variable."""


def _switch(raw: str) -> bool:
    """An on/off setting; a typo must not silently mean "off"."""
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"", "0", "false", "no", "off"}:
        return False
    raise ValueError("expected on/off (1, true, yes, on or 0, false, no, off)")


def _count(raw: str) -> int:
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ValueError("expected a whole number above 0")
    return int(raw)


def _whole(raw: str) -> int:
    if not raw.strip().isdigit():
        raise ValueError("expected a whole number, 0 or more")
    return int(raw)


def _rates(raw: str) -> str:
    """Rate limits such as "5/hour;20/day" (the `limits` notation), checked at startup."""
    from limits import parse_many

    try:
        if not parse_many(raw):
            raise ValueError
    except ValueError:
        raise ValueError('expected limits such as "5/hour;20/day"') from None
    return raw.strip()


def _port(raw: str) -> int:
    if not raw.strip().isdigit() or not 0 < int(raw) < 65536:
        raise ValueError("expected a port number from 1 to 65535")
    return int(raw)


# name -> (default, parser). The environment variable is PORTAL_<NAME>.
SETTINGS: dict[str, tuple[object, object]] = {
    "DATABASE_URL": ("", str),
    "SECRET_KEY": ("", str),
    "MAIL_SERVER": ("127.0.0.1", str),
    "MAIL_PORT": (25, _port),
    "MAIL_USE_TLS": (False, _switch),
    "MAIL_USE_SSL": (False, _switch),
    "MAIL_USERNAME": ("", str),
    "MAIL_PASSWORD": ("", str),
    "MAIL_SENDER": ("support@portal.localhost", str),
    # The support mailbox: Reply-To addresses are its plus-addresses, IMAP reads it.
    "MAIL_SUPPORT_ADDRESS": ("support@portal.localhost", str),
    "IMAP_HOST": ("", str),
    "IMAP_PORT": (993, _port),
    "IMAP_SECURITY": ("ssl", str),  # ssl | starttls | none
    "IMAP_USERNAME": ("", str),
    "IMAP_PASSWORD": ("", str),
    "IMAP_FOLDER": ("INBOX", str),
    "IMAP_DONE_FOLDER": ("Processed", str),
    "REDIS_URL": ("", str),
    "POLICY_PRESET": ("demo", str),
    "DISPLAY_TIMEZONE": ("Europe/Moscow", str),
    "DEMO_MODE": (False, _switch),
    # Demo mode hands out every demo account: it serves loopback only unless this is on.
    "DEMO_PUBLIC": (False, _switch),
    # Reverse proxies in front of the portal whose X-Forwarded-For / -Proto are trusted.
    "PROXY_COUNT": (0, _whole),
    # A log-in unused this long ends; one with "remember me" after REMEMBER_DAYS unused.
    "SESSION_IDLE_MINUTES": (120, _count),
    "REMEMBER_DAYS": (30, _count),
    # What the portal may be made to mail (invitations, registrations, resets, confirmations).
    "MAIL_LIMIT_ADDRESS": ("5/hour;10/day", _rates),
    "MAIL_LIMIT_USER": ("10/hour;30/day", _rates),
    "MAIL_LIMIT_ORGANIZATION": ("30/hour;100/day", _rates),
    # API requests per personal access token, and per address without one.
    "API_RATE_LIMIT": ("120/minute;3000/hour", _rates),
    "API_ANONYMOUS_RATE_LIMIT": ("30/minute;300/hour", _rates),
    "HTTPS": (False, _switch),
    "BASE_URL": ("http://127.0.0.1:5000", str),
    "INSTANCE_DIR": (str(PROJECT_ROOT / "instance"), str),
    "KB_DIR": (str(PROJECT_ROOT / "kb"), str),
    "TASKS_IMMEDIATE": (False, _switch),
    # The vendor's bank details printed on invoices (several lines; empty: not printed).
    "PAYEE": ("", str),
    "ATTACHMENT_DIR": ("", str),  # empty: instance/attachments
    "ATTACHMENT_MAX_BYTES": (10 * 1024 * 1024, _count),
    "ATTACHMENTS_PER_MESSAGE": (10, _count),
}


def load(overrides: dict | None = None) -> dict:
    """Return the effective configuration as a dict of upper-case keys."""
    config: dict[str, object] = {}
    for name, (default, parse) in SETTINGS.items():
        raw = os.environ.get(f"PORTAL_{name}")
        try:
            config[name] = parse(raw) if raw is not None else default
        except ValueError as error:
            raise ConfigError(f"PORTAL_{name}={raw!r}: {error}") from None
    config.update(overrides or {})
    try:
        ZoneInfo(str(config["DISPLAY_TIMEZONE"]))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"PORTAL_DISPLAY_TIMEZONE={config['DISPLAY_TIMEZONE']!r}: "
                          "not a time zone name such as Europe/Moscow") from None
    instance = Path(str(config["INSTANCE_DIR"]))
    instance.mkdir(parents=True, exist_ok=True)
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{instance / 'portal.sqlite3'}"
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _instance_secret(instance)
    return config


def _instance_secret(instance: Path) -> str:
    """A key generated once and kept in instance/; several hosts must set PORTAL_SECRET_KEY."""
    path = instance / "secret_key"
    if not path.exists():
        # Written privately under a unique name, then linked into place: when several workers
        # start at once, exactly one key wins and nobody reads a half-written file.
        draft = instance / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as draft_file:
            draft_file.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
