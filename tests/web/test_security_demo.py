"""Demo mode is safe to run: only this machine is served (unless PORTAL_DEMO_PUBLIC), every
page says it is a demo, and the demo mailbox never shows staff's or administrators' mail."""
from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from portal.config import PROJECT_ROOT, ConfigError
from portal.serving import check_binds


@pytest.fixture
def demo(app):
    app.config["DEMO_MODE"] = True
    return app


def test_every_page_shows_the_demo_banner(demo, client):
    for path in ("/", "/login", "/kb/", "/tiers", "/demo/mail", "/no-such-page"):
        html = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert 'class="demo-banner"' in html and "Demo portal." in html, path


def test_no_banner_outside_demo_mode(client):
    assert "demo-banner" not in client.get("/").get_data(as_text=True)


def test_a_demo_refuses_visitors_from_other_machines(demo, client):
    assert client.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 200
    assert client.get("/", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    outside = client.get("/demo/mail", environ_base={"REMOTE_ADDR": "203.0.113.5"},
                         headers={"Accept-Language": "en"})
    assert outside.status_code == 403
    assert "serves only the computer it runs on" in outside.get_data(as_text=True)
    # Through a reverse proxy on this machine the visitor is elsewhere, too.
    proxied = client.get("/demo/mail", headers={"X-Forwarded-For": "203.0.113.5"})
    assert proxied.status_code == 403


def test_a_public_demo_is_served_when_explicitly_allowed(demo, client):
    demo.config["DEMO_PUBLIC"] = True
    assert client.get("/", environ_base={"REMOTE_ADDR": "203.0.113.5"}).status_code == 200


def test_outside_demo_mode_every_address_is_served(client):
    assert client.get("/", environ_base={"REMOTE_ADDR": "203.0.113.5"}).status_code == 200


@pytest.mark.parametrize("binds, refused", [
    (["127.0.0.1:5000"], False), (["localhost:5000"], False), (["[::1]:5000"], False),
    (["unix:/tmp/portal.sock"], False), (["0.0.0.0:5000"], True), (["[::]:5000"], True),
    (["127.0.0.1:5000", "192.0.2.10:80"], True), (["example.org:80"], True),
])
def test_a_demo_does_not_start_on_a_public_address(binds, refused):
    demo = {"DEMO_MODE": True, "DEMO_PUBLIC": False}
    if refused:
        with pytest.raises(ConfigError, match="PORTAL_DEMO_PUBLIC=1"):
            check_binds(binds, demo)
    else:
        check_binds(binds, demo)
    check_binds(binds, dict(demo, DEMO_PUBLIC=True))
    check_binds(binds, {"DEMO_MODE": False})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_refuses_to_serve_a_demo_on_all_addresses(tmp_path):
    """What `make run HOST=0.0.0.0` starts: gunicorn stops before serving anyone."""
    env = dict(os.environ, PORTAL_DEMO_MODE="1", PORTAL_INSTANCE_DIR=str(tmp_path),
               PORTAL_DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    env.pop("PORTAL_DEMO_PUBLIC", None)
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:portal.serving", "-w", "1",
                "wsgi:app"]
    result = subprocess.run([*gunicorn, "-b", f"0.0.0.0:{_free_port()}"], cwd=PROJECT_ROOT,
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "PORTAL_DEMO_PUBLIC=1" in result.stderr


def _queue(app, address: str, link: str) -> None:
    from portal.mail import outbox

    with app.app_context():
        outbox.queue_mail(address, "reset_password", "ru", name="Кто-то", link=link)


def test_the_demo_mailbox_never_shows_mail_to_staff_or_administrators(demo, client, mailbox,
                                                                      make_user):
    make_user(email="anna@romashka.example")
    for role in ("agent", "head", "admin"):
        make_user(role=role, email=f"{role}@lotsman.example")
        _queue(demo, f"{role.upper()}@lotsman.example", f"https://portal.example/reset/{role}")
    _queue(demo, "anna@romashka.example", "https://portal.example/reset/anna")
    page = client.get("/demo/mail").get_data(as_text=True)
    assert "https://portal.example/reset/anna" in page
    for role in ("agent", "head", "admin"):
        assert f"/reset/{role}" not in page and f"{role}@lotsman.example" not in page.lower()
