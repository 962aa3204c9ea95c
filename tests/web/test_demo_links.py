"""`make run PORT=...`: mail links follow the served address, the demo mailbox opens them on
the address it is read on, a taken port stops `make run` with a message, and every card of
the home page opens a page that exists."""
from __future__ import annotations

import re
import socket
import subprocess
import sys

from portal.config import PROJECT_ROOT
from portal.mail import outbox
from portal.mail.render import external_url
from portal.serving import main, taken_ports


def test_mail_links_follow_the_base_url(app):
    app.config["BASE_URL"] = "http://127.0.0.1:5077/"
    with app.app_context():
        assert external_url("core.home") == "http://127.0.0.1:5077/"
        assert external_url("kb.index") == "http://127.0.0.1:5077/kb/"


def test_make_run_passes_the_served_port_and_the_sink_port_on():
    out = subprocess.run(["make", "-n", "run", "PORT=5077", "MAIL_SINK_PORT=8026"],
                         cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout
    assert "PORTAL_BASE_URL=${PORTAL_BASE_URL:-http://127.0.0.1:5077}" in out
    assert "-l 127.0.0.1:8026" in out and "PORTAL_MAIL_PORT=${PORTAL_MAIL_PORT:-8026}" in out
    assert "portal.serving 127.0.0.1:5077 127.0.0.1:8026" in out


def test_the_demo_mailbox_opens_links_on_the_address_it_is_read_on(app, client, mailbox):
    app.config.update(DEMO_MODE=True, BASE_URL="http://127.0.0.1:5000")
    with app.app_context():
        outbox.queue_mail("anna@romashka.example", "confirm_email", "ru", name="Анна",
                          link="http://127.0.0.1:5000/confirm/abc")
        outbox.queue_mail("anna@romashka.example", "confirm_email", "ru", name="Анна",
                          link="https://vendor.example/elsewhere")
    page = client.get("/demo/mail", base_url="http://127.0.0.1:5077").get_data(as_text=True)
    assert 'href="http://127.0.0.1:5077/confirm/abc"' in page
    assert "127.0.0.1:5000" not in page
    assert 'href="https://vendor.example/elsewhere"' in page  # not this portal: kept


def test_a_taken_port_is_named(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert taken_ports([f"127.0.0.1:{port}"]) == [f"127.0.0.1:{port}"]
        assert main([f"127.0.0.1:{port}"]) == 2
    assert f"Port {port} on 127.0.0.1 is already in use" in capsys.readouterr().err
    assert taken_ports([f"127.0.0.1:{port}"]) == []


def test_the_port_check_runs_as_make_run_calls_it():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "portal.serving", f"127.0.0.1:{port}"],
                              cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "choose another port" in done.stderr


def test_every_home_card_opens_a_page(client, auth, make_user):
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    cards = re.findall(r'<article>\s*<h3>[^<]+</h3>\s*<p>[^<]*</p>\s*<a href="([^"]+)"', html)
    assert len(cards) == 4
    for link in cards:
        answer = client.get(link)
        assert answer.status_code in (200, 302), link
    user = make_user()
    auth.login(user.email)
    for link in cards:
        assert client.get(link).status_code == 200, link
