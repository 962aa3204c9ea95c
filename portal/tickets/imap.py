"""Fetching the support mailbox over IMAP: each new message handled, then moved away.

A handled message (added, opened, bounced, ignored or a duplicate) moves to the done folder;
one whose handling failed stays in the inbox, is tried again on the next fetch, and shows on
the administrators' inbound-mail page. An unreachable server fetches nothing and loses nothing.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted

from portal.domain.policy import Policy
from portal.tickets.mail_in import handle

log = logging.getLogger(__name__)


@dataclass
class FetchReport:
    handled: dict[str, int] = field(default_factory=dict)
    failed: int = 0


def _mailbox(config: Mapping):
    host, port = config["IMAP_HOST"], int(config["IMAP_PORT"])
    security = str(config.get("IMAP_SECURITY", "ssl")).lower()
    if security == "none":
        return MailBoxUnencrypted(host, port)
    if security == "starttls":
        return MailBoxStartTls(host, port)
    return MailBox(host, port)


def _raw(box, uid: str) -> bytes:
    """The message exactly as stored (BODY.PEEK leaves it unread)."""
    status, data = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
    if status != "OK":
        raise OSError(f"IMAP FETCH {uid} answered {status}")
    return next(item[1] for item in data if isinstance(item, tuple))


def fetch(config: Mapping, policy: Policy, now: datetime) -> FetchReport:
    """Handle every message in the inbox folder; moves the handled ones."""
    report = FetchReport()
    done = config.get("IMAP_DONE_FOLDER") or "Processed"
    with _mailbox(config).login(config["IMAP_USERNAME"], config["IMAP_PASSWORD"],
                                initial_folder=config.get("IMAP_FOLDER") or "INBOX") as box:
        if not box.folder.exists(done):
            box.folder.create(done)
        handled_uids = []
        for uid in box.uids():
            try:
                outcome = handle(_raw(box, uid), policy, now)
            except Exception:
                log.exception("mail-in: message %s could not be handled", uid)
                report.failed += 1
                continue
            report.handled[outcome.status] = report.handled.get(outcome.status, 0) + 1
            handled_uids.append(uid)
        if handled_uids:
            box.move(handled_uids, done)
    return report
