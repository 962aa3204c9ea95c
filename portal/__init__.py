"""The support portal: create_app() builds the Flask application.

Everything the app is made of is named here: configuration, database, extensions, the task
queue, the policy, each feature's blueprint and the CLI. Nothing is discovered.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Flask is imported in create_app: `portal sla ...` runs without it
    from flask import Flask


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: configuration, database, extensions, feature blueprints, commands."""
    from flask import Flask

    # Imported here so `python -m portal.i18n` (compiling catalogues) runs without a warning.
    from portal import api, billing, cli, core, db, i18n, kb, limits, policy, security, worker
    from portal import config as portal_config
    from portal.accounts import load_user
    from portal.accounts.privacy import PERSONAL_DATA
    from portal.accounts.services import staff_addresses
    from portal.accounts.views import bp as accounts_bp
    from portal.admin import bp as admin_bp
    from portal.billing.order_views import bp as orders_bp
    from portal.billing.views import bp as billing_bp
    from portal.community import bp as community_bp
    from portal.community.services import personal_data as community_personal_data
    from portal.core.views import bp as core_bp
    from portal.extensions import htmx, login_manager
    from portal.kb.views import bp as kb_bp
    from portal.mail.outbox import send_waiting
    from portal.mail.views import PRIVATE_ADDRESSES
    from portal.mail.views import bp as mail_bp
    from portal.organizations import bp as organizations_bp
    from portal.policy.views import bp as policy_bp
    from portal.reports import bp as reports_bp
    from portal.search.views import bp as search_bp
    from portal.staff import bp as staff_bp
    from portal.tickets import bp as tickets_bp
    from portal.tickets.services import personal_data as tickets_personal_data

    root = portal_config.PROJECT_ROOT
    app = Flask(
        __name__,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
        instance_path=str(root / "instance"),
    )
    app.config.update(portal_config.load(overrides))
    app.jinja_env.add_extension("jinja2.ext.do")

    # Extensions and services every feature relies on.
    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    htmx.init_app(app)
    security.bound_request_values(app)  # after htmx, which sets its request class
    limits.init_app(app)
    worker.configure(app.config)
    app.teardown_appcontext(send_waiting)  # mail queued inside transactions goes out after
    # The demo mailbox hides mail to staff and administrators (accounts knows who they are).
    app.extensions[PRIVATE_ADDRESSES] = staff_addresses
    # A person's data download holds what the features keep about them too.
    app.extensions[PERSONAL_DATA] = (tickets_personal_data, community_personal_data)
    policy.init_app(app)  # a broken preset stops the app here
    core.init_app(app)  # error pages and template helpers

    # Features, each one blueprint.
    app.register_blueprint(core_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(organizations_bp)
    app.register_blueprint(mail_bp)
    app.register_blueprint(policy_bp)
    app.register_blueprint(billing_bp)
    app.register_blueprint(orders_bp)
    app.register_blueprint(kb_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(community_bp)
    app.register_blueprint(tickets_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(admin_bp)

    kb.init_app(app)  # syncs the article index with kb/ when serving
    billing.init_app(app)  # and the catalogue's prices with the preset
    api.init_app(app)  # /api/v1 (its own blueprint, description, limits) and the tokens page
    cli.register(app)
    return app
