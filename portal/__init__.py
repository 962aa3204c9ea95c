"""The support portal: create_app() builds the Flask application."""
from __future__ import annotations

import importlib
import importlib.util

from flask import Flask

from portal import config as portal_config
from portal import db as portal_db
from portal.extensions import htmx, login_manager

# Feature packages, each optional until it lands: views.bp is registered, init_app(app) called.
FEATURES = (
    "core",
    "accounts",
    "policy",
    "billing",
    "kb",
    "search",
    "community",
    "tickets",
    "staff",
)


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: configuration, database, extensions, feature blueprints."""
    # Imported here so `python -m portal.i18n` (compiling catalogues) runs without a warning.
    from portal import i18n, security

    root = portal_config.PROJECT_ROOT
    app = Flask(
        __name__,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
        instance_path=str(root / "instance"),
    )
    app.config.update(portal_config.load(overrides))
    portal_db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    login_manager.init_app(app)
    htmx.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    for feature in FEATURES:
        package = f"portal.{feature}"
        if not _has_module(package):
            continue
        module = importlib.import_module(package)
        if _has_module(f"{package}.views"):
            app.register_blueprint(importlib.import_module(f"{package}.views").bp)
        if hasattr(module, "init_app"):
            module.init_app(app)
    from portal import cli

    cli.register(app)
    return app


def feature_modules(name: str):
    """Yield portal.<feature>.<name> for each feature package that has it."""
    for feature in FEATURES:
        qualified = f"portal.{feature}.{name}"
        if _has_module(f"portal.{feature}") and _has_module(qualified):
            yield importlib.import_module(qualified)
