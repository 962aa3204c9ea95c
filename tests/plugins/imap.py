"""IMAP fixtures: a real Dovecot on loopback holding one support mailbox, seen through imaplib.

    def test_x(imap_server):              # a fresh, empty mailbox on 127.0.0.1:<free port>
        imap_server.append(eml("reply_token_multipart.eml"))
        ...                               # the code under test logs in with .user/.password
        assert imap_server.messages() == []               # raw bytes of each, oldest first
        assert len(imap_server.messages("Processed")) == 1

`imap_mailbox` is the same server with the test `app` reading from it (`.configure(app)`).
One Dovecot serves the whole session; each test gets it running and cleared (`.clear()`:
INBOX empty, no other folder). `.stop()` and `.start()` simulate an outage. `eml(name)` is
the raw bytes of tests/mail_fixture/<name> (`from tests.plugins.imap import eml`).
Dovecot (Debian: dovecot-imapd) must be installed and the tests run as root: it switches to
its `dovecot` user for the mail.
"""
from __future__ import annotations

import base64
import imaplib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

DOVECOT = os.environ.get("PORTAL_DOVECOT", "/usr/sbin/dovecot")
MAIL_FIXTURE = Path(__file__).resolve().parent.parent / "mail_fixture"
_PACKAGE_HINT = "install the Debian package dovecot-imapd (apt-get install dovecot-imapd)"

_CONFIG = """\
# Written by tests/plugins/imap.py for one test server; nothing of /etc/dovecot is read.
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = {uid}
first_valid_gid = {gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir:LAYOUT=fs
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def eml(name: str) -> bytes:
    """The raw bytes of tests/mail_fixture/<name>."""
    return (MAIL_FIXTURE / name).read_bytes()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _system_user(name: str) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pytest.fail(f"no system user {name!r} for Dovecot: {_PACKAGE_HINT}")


def _mailbox(name: str) -> str:
    """A folder name as an IMAP quoted string, in modified UTF-7 (RFC 3501, 5.1.3)."""
    encoded, run = [], []

    def flush() -> None:
        if run:
            chunk = base64.b64encode("".join(run).encode("utf-16-be")).decode("ascii")
            encoded.append("&" + chunk.rstrip("=").replace("/", ",") + "-")
            run.clear()

    for char in name:
        if " " <= char <= "~":
            flush()
            encoded.append("&-" if char == "&" else char)
        else:
            run.append(char)
    flush()
    text = "".join(encoded).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _folder_name(encoded: str) -> str:
    """The reverse of `_mailbox` for one unquoted name from a LIST answer."""
    def decode(match: re.Match) -> str:
        chunk = match.group(1).replace(",", "/")
        if not chunk:
            return "&"
        return base64.b64decode(chunk + "=" * (-len(chunk) % 4)).decode("utf-16-be")

    return re.sub(r"&([^-]*)-", decode, encoded)


_LIST_LINE = re.compile(rb'\((?P<flags>[^)]*)\) (?:"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)$')


def _parse_list(data: list) -> list[str]:
    names = []
    for item in data:
        if item is None:
            continue
        if isinstance(item, tuple):  # the name came as a literal: (b'(...) "/" {5}', b'name')
            name = item[1]
        else:
            match = _LIST_LINE.match(item)
            if match is None:
                raise AssertionError(f"unexpected LIST answer: {item!r}")
            name = match.group("name")
            if name.startswith(b'"'):
                name = re.sub(rb"\\(.)", rb"\1", name[1:-1])
        names.append(_folder_name(name.decode("ascii")))
    return names


def _ok(answer: tuple, what: str) -> list:
    status, data = answer
    if status != "OK":
        raise AssertionError(f"IMAP {what}: {status} {data!r}")
    return data


class IMAPServer:
    """Dovecot on 127.0.0.1:`port` with one user; the helpers are a separate imaplib client."""

    user = "support@portal.test"
    password = "imap-test-password"
    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port = _free_port()
        self._process: subprocess.Popen | None = None
        mail_user = _system_user("dovecot")
        _system_user("dovenull")  # runs the login processes
        # Not under pytest's tmp_path (mode 0700): Dovecot's processes run as `dovecot` and
        # must reach the passwd file and the home.
        self.root = Path(tempfile.mkdtemp(prefix="portal-imap-"))
        self.root.chmod(0o755)
        self._write_config(mail_user)

    def _write_config(self, mail_user: pwd.struct_passwd) -> None:
        (self.root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        home = self.root / "home"
        home.mkdir()
        os.chown(home, mail_user.pw_uid, mail_user.pw_gid)
        self.config = self.root / "dovecot.conf"
        self.config.write_text(_CONFIG.format(root=self.root, port=self.port,
                                              uid=mail_user.pw_uid, gid=mail_user.pw_gid))
        self.log = self.root / "dovecot.log"

    # --- the server ---------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 10.0) -> None:
        """Start Dovecot in the foreground and wait until the user can log in."""
        if self.running:
            return
        self.stop()  # a Dovecot that died by itself: reap it, wait for its port to close
        with open(self.root / "dovecot.stderr", "ab") as output:  # the child keeps its copy
            self._process = subprocess.Popen([DOVECOT, "-F", "-c", str(self.config)],
                                             stdin=subprocess.DEVNULL, stdout=output,
                                             stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            if self._process.poll() is not None:
                self._fail_start(f"Dovecot exited with status {self._process.returncode}")
            try:
                with self._session():
                    return
            except (OSError, imaplib.IMAP4.error):
                if time.monotonic() > deadline:
                    self._fail_start(f"Dovecot did not accept a login within {timeout} s")
                time.sleep(0.02)

    def _fail_start(self, why: str) -> None:
        self.stop()
        output = "".join(path.read_text(errors="replace")[-3000:]
                         for path in (self.root / "dovecot.stderr", self.log) if path.exists())
        pytest.fail(f"{why}; its output and log:\n{output}")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop Dovecot; returns once the port refuses connections."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        # Login processes hold the listening socket for a moment after the master is gone.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                socket.create_connection((self.host, self.port), timeout=1).close()
            except OSError:
                return
            time.sleep(0.02)

    def remove(self) -> None:
        """Stop the server and delete its directory (configuration, log and mail)."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def configure(self, app) -> None:
        app.config.update(IMAP_HOST=self.host, IMAP_PORT=self.port, IMAP_SECURITY="none",
                          IMAP_USERNAME=self.user, IMAP_PASSWORD=self.password,
                          MAIL_SUPPORT_ADDRESS=self.user)

    # --- the mailbox, through a client of our own ----------------------------------------
    def _session(self):
        client = imaplib.IMAP4(self.host, self.port, timeout=5)
        try:
            _ok(client.login(self.user, self.password), "LOGIN")
        except BaseException:
            _close(client)
            raise
        return _Session(client)

    def append(self, raw: bytes, folder: str = "INBOX") -> int:
        """Put one raw RFC 822 message into `folder` (created if missing); returns its UID."""
        with self._session() as client:
            if folder.upper() != "INBOX":
                status, data = client.create(_mailbox(folder))
                if status != "OK" and b"ALREADYEXISTS" not in b" ".join(data):
                    raise AssertionError(f"IMAP CREATE {folder}: {status} {data!r}")
            data = _ok(client.append(_mailbox(folder), None, None, raw), f"APPEND {folder}")
            match = re.search(rb"APPENDUID \d+ (\d+)", data[0])
            return int(match.group(1)) if match else 0

    def messages(self, folder: str = "INBOX") -> list[bytes]:
        """The raw RFC 822 bytes of every message in `folder`, oldest first; [] if no folder.
        Reads without setting \\Seen."""
        with self._session() as client:
            status, data = client.select(_mailbox(folder), readonly=True)
            if status != "OK":
                return []
            if int(data[0]) == 0:
                return []
            data = _ok(client.fetch("1:*", "(BODY.PEEK[])"), f"FETCH {folder}")
            return [item[1] for item in data if isinstance(item, tuple)]

    def flags(self, folder: str = "INBOX") -> list[set[str]]:
        """The flags of every message in `folder`, oldest first (e.g. {"\\Seen"}); \\Recent,
        which depends on the session, is left out."""
        with self._session() as client:
            status, data = client.select(_mailbox(folder), readonly=True)
            if status != "OK" or int(data[0]) == 0:
                return []
            data = _ok(client.fetch("1:*", "(FLAGS)"), f"FETCH {folder}")
            return [set(re.search(rb"FLAGS \(([^)]*)\)", item).group(1).decode().split())
                    - {"\\Recent"} for item in data if item]

    def folders(self) -> list[str]:
        """Every folder's name, as the user would read it (decoded from modified UTF-7)."""
        with self._session() as client:
            return sorted(_parse_list(_ok(client.list('""', "*"), "LIST")))

    def clear(self) -> None:
        """Back to a fresh mailbox: INBOX empty and no other folder."""
        with self._session() as client:
            names = _parse_list(_ok(client.list('""', "*"), "LIST"))
            for name in sorted(names, key=lambda n: n.count("/"), reverse=True):
                if name.upper() != "INBOX":
                    _ok(client.delete(_mailbox(name)), f"DELETE {name}")
            data = _ok(client.select("INBOX"), "SELECT INBOX")
            if int(data[0]) > 0:
                _ok(client.store("1:*", "+FLAGS.SILENT", r"(\Deleted)"), "STORE")
                _ok(client.expunge(), "EXPUNGE")


class _Session:
    """A logged-in imaplib client that logs out when the `with` block ends."""

    def __init__(self, client: imaplib.IMAP4) -> None:
        self.client = client

    def __enter__(self) -> imaplib.IMAP4:
        return self.client

    def __exit__(self, *exc) -> None:
        try:
            self.client.logout()
        except (OSError, imaplib.IMAP4.error):
            _close(self.client)


def _close(client: imaplib.IMAP4) -> None:
    try:
        client.shutdown()
    except OSError:
        pass


@pytest.fixture(scope="session")
def _dovecot():
    """One Dovecot for the session: it starts in about 40 ms but takes a second to stop."""
    if not Path(DOVECOT).exists():
        pytest.fail(f"Dovecot not found at {DOVECOT}: {_PACKAGE_HINT}")
    if os.geteuid() != 0:
        pytest.fail("the IMAP tests start Dovecot, which needs root: run them as root")
    server = IMAPServer()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def imap_server(_dovecot):
    """The session's Dovecot, running (again, if a test stopped it) and with a fresh mailbox."""
    _dovecot.start()
    _dovecot.clear()
    return _dovecot


@pytest.fixture
def imap_mailbox(app, imap_server):
    """The IMAP server, with the test `app` reading from it."""
    imap_server.configure(app)
    return imap_server
