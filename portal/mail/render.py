"""Render a mail template (subject, text and HTML parts) in the recipient's language."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale

from portal.i18n import DEFAULT_LANGUAGE, LANGUAGES


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail: BASE_URL plus the route, with or without a request."""
    adapter = current_app.url_map.bind("localhost", script_name="/")
    return current_app.config["BASE_URL"].rstrip("/") + adapter.build(endpoint, values)


def render_mail(template: str, language: str, **context) -> RenderedMail:
    """templates/mail/<template>.txt sets `subject`; <template>.html is the HTML part."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    env = current_app.jinja_env
    context = dict(context, language=language, external_url=external_url)
    with force_locale(language):
        text_module = env.get_template(f"mail/{template}.txt").make_module(context)
        html = env.get_template(f"mail/{template}.html").render(context)
    subject = " ".join(str(getattr(text_module, "subject", "")).split())
    if not subject:
        raise ValueError(f"mail/{template}.txt does not set a subject")
    return RenderedMail(subject=subject, text=str(text_module).strip() + "\n", html=html)
