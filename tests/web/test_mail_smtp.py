"""SMTP settings from config: STARTTLS or implicit TLS, and a login, against a real aiosmtpd."""
from __future__ import annotations

import socket
import ssl
import subprocess

import pytest

from portal.mail import delivery, outbox
from portal.mail.models import PENDING, SENT, OutboxMessage

LOGIN, SECRET = "portal", "smtp-secret"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (the client trusts it in these tests only)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


class _Recorder:
    def __init__(self) -> None:
        self.sessions: list[dict] = []

    async def handle_DATA(self, server, session, envelope):
        tls = session.ssl is not None or server.transport.get_extra_info("sslcontext") is not None
        self.sessions.append({"tls": tls, "login": session.auth_data,
                              "to": envelope.rcpt_tos})
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data):
    from aiosmtpd.smtp import AuthResult

    def text(value) -> str:
        return value.decode() if isinstance(value, bytes) else value

    ok = (text(auth_data.login), text(auth_data.password)) == (LOGIN, SECRET)
    # handled=False: aiosmtpd answers 535 itself when the login is refused.
    return AuthResult(success=ok, auth_data=LOGIN if ok else None, handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def trust(monkeypatch, certificate):
    """The portal's default TLS context trusts the test certificate."""
    original = ssl.create_default_context
    monkeypatch.setattr(ssl, "create_default_context",
                        lambda *args, **kwargs: original(cafile=str(certificate[0])))


def _server(certificate, implicit_tls: bool):
    from aiosmtpd.controller import Controller

    recorder = _Recorder()
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(*map(str, certificate))
    options = {"authenticator": _authenticator}
    if implicit_tls:
        # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; the socket is TLS anyway.
        controller = Controller(recorder, hostname="127.0.0.1", port=_free_port(),
                                ssl_context=server_tls, auth_require_tls=False, **options)
    else:
        controller = Controller(recorder, hostname="127.0.0.1", port=_free_port(),
                                tls_context=server_tls, require_starttls=True,
                                auth_require_tls=True, **options)
    controller.start()
    return controller, recorder


def _send(app, **config) -> OutboxMessage:
    app.config.update(dict({"MAIL_SERVER": "127.0.0.1", "MAIL_USERNAME": LOGIN,
                             "MAIL_PASSWORD": SECRET}, **config))
    with app.app_context():
        message = outbox.queue_mail("anna@romashka.example", "confirm_email", "ru",
                                      name="Анна", link="https://portal.example/confirm/x")
        return OutboxMessage.get_by_id(message.id)


@pytest.mark.parametrize("implicit_tls", [False, True], ids=["starttls", "ssl"])
def test_mail_goes_over_tls_with_the_configured_login(app, certificate, trust, implicit_tls):
    controller, recorder = _server(certificate, implicit_tls)
    try:
        row = _send(app, MAIL_PORT=controller.port, MAIL_USE_TLS=not implicit_tls,
                    MAIL_USE_SSL=implicit_tls)
    finally:
        controller.stop()
    assert row.status == SENT, row.last_error
    assert recorder.sessions == [{"tls": True, "login": LOGIN,
                                  "to": ["anna@romashka.example"]}]


def test_a_refused_login_is_retried_and_shown(app, certificate, trust):
    controller, recorder = _server(certificate, implicit_tls=False)
    try:
        row = _send(app, MAIL_PORT=controller.port, MAIL_USE_TLS=True, MAIL_USE_SSL=False,
                    MAIL_PASSWORD="wrong")
    finally:
        controller.stop()
    assert recorder.sessions == []
    # The administrator can fix the password: the message waits for another attempt.
    assert row.status == PENDING and "SMTPAuthenticationError" in row.last_error
    with app.app_context():
        assert [m.id for m in delivery.failed_or_waiting()] == [row.id]
