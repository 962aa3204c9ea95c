"""Configuration: defaults, then PORTAL_* environment variables, then test overrides."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# name -> (default, parser). The environment variable is PORTAL_<NAME>.
_BOOL = lambda v: str(v).strip().lower() in {"1", "true", "yes", "on"}

SETTINGS: dict[str, tuple[object, object]] = {
    "DATABASE_URL": ("", str),
    "SECRET_KEY": ("", str),
    "MAIL_SERVER": ("127.0.0.1", str),
    "MAIL_PORT": (25, int),
    "MAIL_USE_TLS": (False, _BOOL),
    "MAIL_USE_SSL": (False, _BOOL),
    "MAIL_USERNAME": ("", str),
    "MAIL_PASSWORD": ("", str),
    "MAIL_SENDER": ("support@portal.localhost", str),
    "REDIS_URL": ("", str),
    "POLICY_PRESET": ("demo", str),
    "DISPLAY_TIMEZONE": ("Europe/Moscow", str),
    "DEMO_MODE": (False, _BOOL),
    "HTTPS": (False, _BOOL),
    "BASE_URL": ("http://127.0.0.1:5000", str),
    "INSTANCE_DIR": (str(PROJECT_ROOT / "instance"), str),
    "KB_DIR": (str(PROJECT_ROOT / "kb"), str),
}


def load(overrides: dict | None = None) -> dict:
    """Return the effective configuration as a dict of upper-case keys."""
    config: dict[str, object] = {}
    for name, (default, parse) in SETTINGS.items():
        raw = os.environ.get(f"PORTAL_{name}")
        config[name] = parse(raw) if raw is not None else default
    config.update(overrides or {})
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
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
