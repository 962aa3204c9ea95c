"""Mail fixtures: a real SMTP server (aiosmtpd) on loopback that collects what the portal sends.

    def test_x(client, mailbox):          # mailbox: server started, the `app` pointed at it
        ...
        message = mailbox.last(to="anna@example.com")
        path = mailbox.link_path(message)   # first link in the text part, as a local path

`smtp_server` alone gives the server without touching an app (e.g. for `live_app`: call
`smtp_server.configure(live_app)`); `.stop()` and `.start()` simulate an outage.
"""
from __future__ import annotations

import email
import email.policy
import os
import re
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest

# Tasks run at once, in memory, in the test process (set before portal.worker is imported).
os.environ.setdefault("PORTAL_TASKS_IMMEDIATE", "1")

_LINK = re.compile(r"https?://[^\s<>\"']+")


class _Collector:
    def __init__(self, inbox: list, refused: set[str]) -> None:
        self.inbox = inbox
        self.refused = refused
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.inbox.append(parsed)
        return "250 Message accepted for delivery"


class SMTPServer:
    """aiosmtpd on 127.0.0.1; `messages` holds every received email.message.EmailMessage."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refused: set[str] = set()  # addresses answered "550 no such mailbox"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(_Collector(self.messages, self.refused), hostname="127.0.0.1",
                                      port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def configure(self, app) -> None:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=self.port, MAIL_USE_TLS=False,
                          MAIL_USE_SSL=False, MAIL_USERNAME="")

    def to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in m["To"].lower()]

    def last(self, to: str, timeout: float = 5.0):
        """The newest message to `to`, waiting a little for the server thread."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(to)
            if found:
                return found[-1]
            time.sleep(0.05)
        raise AssertionError(f"no mail to {to}; got {[m['To'] for m in self.messages]}")

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message) -> str:
        return message.get_body(preferencelist=("html",)).get_content()

    def links(self, message) -> list[str]:
        return _LINK.findall(self.text(message))

    def link_path(self, message) -> str:
        """The first link of the text part without scheme and host, for a test client."""
        parts = urlsplit(self.links(message)[0])
        return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(app, smtp_server):
    """The SMTP server, with the test `app` sending to it."""
    smtp_server.configure(app)
    return smtp_server
