"""Mail: the outbox, rendering in the recipient's language, SMTP delivery by the task queue."""
from __future__ import annotations


def init_app(app) -> None:
    """Called by the accounts feature (mail is not a FEATURES entry): pages and test mode."""
    from portal.mail.views import bp

    app.register_blueprint(bp)
    if app.testing:
        from portal.jobs import huey

        huey.immediate = True
