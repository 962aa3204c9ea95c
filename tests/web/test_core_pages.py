"""Core pages: home, language choice, errors, headers, CSRF and the next= rule."""
from __future__ import annotations

import pytest


def test_home_speaks_russian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="ru">' in html
    assert "Чем мы можем помочь?" in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "Поддержка Лоцман Софт" in html  # the active preset's vendor names the portal


def test_accept_language_english(client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "How can we help?" in html


def test_language_switch_is_remembered(client):
    response = client.post("/language", data={"language": "en", "next": "/"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "How can we help?" in html
    assert "Чем мы можем помочь?" not in html
    # And back: the choice is the visitor's, not a one-way switch.
    client.post("/language", data={"language": "ru", "next": "/"})
    assert '<html lang="ru">' in client.get("/").get_data(as_text=True)


def test_unknown_language_is_refused(client):
    assert client.post("/language", data={"language": "de", "next": "/"}).status_code == 400
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ru">' in html and "Чем мы можем помочь?" in html


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
    "http:/evil.example", "\t//evil.example",
])
def test_next_never_leaves_the_site(client, target):
    response = client.post("/language", data={"language": "en", "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_next_keeps_local_path(client):
    response = client.post("/language", data={"language": "en", "next": "/kb?page=2"})
    assert response.headers["Location"] == "/kb?page=2"


def test_security_headers(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "HX-Request" in headers["Vary"]


def test_session_cookie_flags(client):
    response = client.post("/language", data={"language": "en", "next": "/"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_secure_cookie_when_https(app_config):
    from portal import create_app

    app = create_app(dict(app_config, HTTPS=True))
    response = app.test_client().post("/language", data={"language": "en", "next": "/"})
    assert "Secure" in response.headers["Set-Cookie"]


def test_404_in_both_languages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Страница не найдена" in response.get_data(as_text=True)
    response = client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert "Page not found" in response.get_data(as_text=True)


def test_htmx_request_gets_fragment(client):
    response = client.get("/no-such-page", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<html" not in html and "Страница не найдена" in html
    boosted = client.get("/no-such-page", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)
    restore = client.get("/no-such-page", headers={"HX-Request": "true",
                                                   "HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/language", data={"language": "en", "next": "/"})
    assert response.status_code == 400
    assert "Перезагрузите страницу" in response.get_data(as_text=True)


def test_htmx_csrf_header_is_accepted(csrf_app):
    client = csrf_app.test_client()
    html = client.get("/").get_data(as_text=True)
    token = html.split('name="csrf-token" content="')[1].split('"')[0]
    response = client.post("/language", data={"language": "en", "next": "/"},
                           headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 303
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "How can we help?" in html


def test_500_page_does_not_leak(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = client.get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret detail" not in html and "Что-то пошло не так" in html


def test_health(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


@pytest.mark.parametrize("signed_in", [False, True])
def test_database_down_gives_the_500_page_not_a_crash(app_config, signed_in):
    from portal import create_app
    from portal.db import db, open_database

    # Nothing listens on port 1: every connection attempt is refused at once.
    app = create_app(dict(app_config, DATABASE_URL="postgresql://portal@127.0.0.1:1/portal"))
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    if signed_in:
        with client.session_transaction() as session:
            session["_user_id"] = "1:nonce"
    try:
        response = client.get("/", headers={"Accept-Language": "en"})
    finally:
        db.initialize(open_database(app_config["DATABASE_URL"]))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)


def test_405_keeps_the_allow_header(client):
    response = client.get("/language")
    assert response.status_code == 405
    assert response.headers["Allow"].split(", ").count("POST") == 1
    assert "<html" in response.get_data(as_text=True)


def test_page_titles_name_the_page_then_the_vendors_portal(client):
    home = client.get("/").get_data(as_text=True)
    assert "<title>Помощь и поддержка · Поддержка Лоцман Софт</title>" in home
    missing = client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert "<title>Page not found · Lotsman Soft support</title>" in missing.get_data(as_text=True)


def test_layout_forms_add_no_duplicate_ids(csrf_app):
    html = csrf_app.test_client().get("/login").get_data(as_text=True)
    assert html.count('id="csrf_token"') <= 1
    assert html.count('name="csrf_token"') >= 2  # the page's form and the language switch


def test_an_oversized_request_is_refused_with_413(client):
    from portal.security import MAX_REQUEST_BYTES

    # A raw body: form fields alone meet Flask's own smaller MAX_FORM_MEMORY_SIZE first.
    response = client.post("/language", data=b"x" * (MAX_REQUEST_BYTES + 1),
                           content_type="application/octet-stream")
    assert response.status_code == 413
    assert "Загружаемый файл слишком большой" in response.get_data(as_text=True)
