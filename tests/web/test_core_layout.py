"""The layout for each viewer: navigation by role, language and time zone, 403, static files."""
from __future__ import annotations

import re
import runpy
from datetime import datetime

import pytest
from flask import abort, render_template_string

from portal.config import PROJECT_ROOT
from tests.dbutil import wait_for_background_syncs


@pytest.fixture
def app(app):
    @app.get("/test/forbidden")
    def forbidden():
        abort(403)

    @app.get("/test/moment")
    def moment():
        # 09:00 UTC, stored naive as every timestamp in the database.
        return render_template_string("[{{ moment | datetime('short') }}]",
                                      moment=datetime(2026, 1, 15, 9, 0))

    return app


def _nav(client) -> str:
    html = client.get("/").get_data(as_text=True)
    return html.split('class="site-nav"')[1].split("</ul>")[0]


@pytest.mark.parametrize("role", [None, "customer", "agent", "head", "admin"])
def test_every_link_of_the_navigation_and_footer_opens_a_page(client, auth, make_user, role):
    if role:
        make_user(role=role, email=f"{role}@lotsman.example")
        auth.login(f"{role}@lotsman.example")
    home = client.get("/").get_data(as_text=True)
    nav = _nav(client)
    assert "База знаний" in nav and "Тарифы и цены" in nav
    footer = home.split('class="site-footer')[1]
    links = re.findall(r'href="(/[^"#]*)"', nav + footer + home.split('<main')[1])
    assert len(links) >= 5
    for link in set(links):
        assert client.get(link, follow_redirects=True).status_code == 200, link


def test_current_section_is_marked_in_the_navigation(client):
    assert 'aria-current="page"' not in _nav(client)  # the home page is no section
    html = client.get("/tiers").get_data(as_text=True)
    nav = html.split('class="site-nav"')[1].split("</ul>")[0]
    assert nav.count('aria-current="page"') == 1
    assert 'href="/tiers" aria-current="page"' in nav


def test_403_in_the_viewers_language(client):
    response = client.get("/test/forbidden")
    assert response.status_code == 403
    assert "У вас нет доступа к этой странице" in response.get_data(as_text=True)
    english = client.get("/test/forbidden", headers={"Accept-Language": "en-US,en"})
    assert "You do not have access to this page" in english.get_data(as_text=True)


def test_users_own_language_beats_accept_language(client, auth, make_user):
    make_user(email="anna@romashka.example", language="en")
    auth.login("anna@romashka.example")
    html = client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="en">' in html


def test_switch_while_signed_in_follows_the_user_to_other_devices(app, client, auth,
                                                                  make_user):
    make_user(email="anna@romashka.example", language="ru")
    elsewhere = app.test_client()  # already signed in on another device, in Russian
    elsewhere.post("/login", data={"email": "anna@romashka.example",
                                   "password": "correct-horse-battery"})
    assert '<html lang="ru">' in elsewhere.get("/").get_data(as_text=True)
    auth.login("anna@romashka.example")
    assert client.post("/language", data={"language": "en", "next": "/"}).status_code == 303
    html = elsewhere.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="en">' in html


def test_times_are_shown_in_the_viewers_zone(client, auth, make_user):
    assert "12:00" in client.get("/test/moment").get_data(as_text=True)  # portal zone: Moscow
    make_user(email="ivan@vektor.example", timezone="Asia/Vladivostok")
    auth.login("ivan@vektor.example")
    assert "19:00" in client.get("/test/moment").get_data(as_text=True)


def test_wsgi_entry_serves_static_files_through_whitenoise(app_config, monkeypatch):
    from werkzeug.test import Client

    from portal.db import db, open_database

    monkeypatch.setenv("PORTAL_DATABASE_URL", app_config["DATABASE_URL"])
    monkeypatch.setenv("PORTAL_INSTANCE_DIR", app_config["INSTANCE_DIR"])
    monkeypatch.setenv("PORTAL_SECRET_KEY", "wsgi-test-key")
    try:
        application = runpy.run_path(str(PROJECT_ROOT / "wsgi.py"))["app"]
    finally:
        # Serving, the app syncs the knowledge base beside the requests: let it finish here.
        wait_for_background_syncs()
        db.initialize(open_database(app_config["DATABASE_URL"]))
    response = Client(application).get("/static/css/portal.css")
    response.close()
    assert response.status_code == 200
    # Flask's own static view would answer "no-cache"; WhiteNoise gives the configured age.
    assert "max-age=3600" in response.headers["Cache-Control"]
    assert Client(application).get("/healthz").status_code == 200


def test_demo_mailbox_is_linked_from_every_page_in_demo_mode_only(app_config, client):
    from portal import create_app

    assert "/demo/mail" not in client.get("/").get_data(as_text=True)
    demo = create_app(dict(app_config, DEMO_MODE=True)).test_client()
    footer = demo.get("/tiers").get_data(as_text=True).split('class="site-footer')[1]
    assert '<a href="/demo/mail">Демо-почта</a>' in footer


def test_text_and_times_outside_a_request_use_the_portal_defaults(app):
    """CLI commands and queued tasks translate and format without a visitor."""
    from flask_babel import force_locale, format_datetime
    from flask_babel import gettext as _

    with app.app_context():
        assert _("Page not found") == "Страница не найдена"
        assert "12:00" in format_datetime(datetime(2026, 1, 15, 9, 0), "short")
        with force_locale("en"):
            assert _("Page not found") == "Page not found"


def test_static_addresses_change_with_the_files_content(client, app, tmp_path):
    import re

    from portal.core import _fingerprint

    html = client.get("/").get_data(as_text=True)
    portal_css = re.search(r'href="(/static/css/portal\.css\?v=([0-9a-f]{12}))"', html)
    assert portal_css, "the portal's stylesheet is linked with a fingerprint"
    with client.get(portal_css.group(1)) as stylesheet:
        assert stylesheet.status_code == 200
    (tmp_path / "a.css").write_text("p { color: red; }")
    (tmp_path / "b.css").write_text("p { color: blue; }")
    assert _fingerprint(str(tmp_path), "a.css") != _fingerprint(str(tmp_path), "b.css")
    assert _fingerprint(str(tmp_path), "missing.css") is None
