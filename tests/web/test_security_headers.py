"""Static files, which WhiteNoise answers before the app, carry nosniff too; with
PORTAL_HTTPS on, every answer (pages and static files) sends HSTS."""
from __future__ import annotations

from werkzeug.test import Client

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.security import serve_static


def _get(client: Client, path: str, **kwargs):
    """A response read whole and closed (WhiteNoise streams files)."""
    response = client.get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def _served(app_config, **changes) -> Client:
    """The app as wsgi.py serves it: WhiteNoise in front."""
    app = create_app(dict(app_config, **changes))
    return Client(serve_static(app, str(PROJECT_ROOT / "static")))


def test_static_files_are_not_sniffed(app, app_config):
    response = _get(_served(app_config), "/static/css/portal.css")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers  # WhiteNoise answered, not the app
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers


def test_with_https_static_files_and_pages_send_hsts(app, app_config):
    client = _served(app_config, HTTPS=True)
    static = _get(client, "/static/css/portal.css")
    page = _get(client, "/", base_url="https://portal.test/")
    for response in (static, page):
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_without_https_pages_send_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
