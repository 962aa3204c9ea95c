"""Reading one incoming mail: who sent it, what it answers, its new text and its files.

Text comes from the text part, or from the HTML part with every tag (and script and style
content) removed; parts are decoded with their declared charset, or, when none is declared,
by detection (Russian mail still arrives as windows-1251 or KOI8-R without saying so). The
quoted history and the signature are cut by mail-parser-reply, taught Russian quote headers.
"""
from __future__ import annotations

import email
import email.policy
import html
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

import charset_normalizer
import nh3
from mailparser_reply import EmailReplyParser
from mailparser_reply.constants import MAIL_LANGUAGES

from portal.tickets.files import Upload

# Russian quote headers and signatures: «1 декабря 2026 г., в 10:15, Анна <a@b> написал(а):»,
# «Анна <a@b> пишет:», Outlook's «От: … Отправлено: …», «С уважением,».
MAIL_LANGUAGES.setdefault("ru", {
    "wrote_header": r"^((?:> ?)*.{0,200}(?:написал\(а\)|написала|написал|пишет)\s?:)$",
    "from_header": r"((?:(?:^|\n)(?:> ?)*[* ]*(?:От|Отправлено|Кому|Тема|Дата|Копия):[ *]*"
                   r"(?:\s{,2}).*){2,}(?:\n.*){,1})",
    "disclaimers": [r"Конфиденциально[:.]", r"Внимание!"],
    "signatures": ["С уважением", "С наилучшими пожеланиями", "Всего доброго"],
    "sent_from": "Отправлено с|Отправлено из|Sent from my",
})
_REPLIES = EmailReplyParser(languages=["ru", "en"])
TOKEN_PATTERN = re.compile(r"\+([A-Za-z0-9]{16,64})@")
TICKET_ID = re.compile(r"\[?(TID-\d{4}-\d{6})\]?")
AUTO_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


@dataclass
class Parsed:
    message_id: str
    sender: str
    subject: str
    recipients: list[str]
    in_reply_to: list[str]
    text: str  # the new part: history and signature cut
    full_text: str
    uploads: list[Upload] = field(default_factory=list)
    automatic: str = ""  # why it is an auto-reply, bounce or bulk mail; "" for a person's

    @property
    def token(self) -> str | None:
        for address in self.recipients:
            match = TOKEN_PATTERN.search(address)
            if match:
                return match.group(1)
        return None

    @property
    def ticket_number(self) -> str | None:
        match = TICKET_ID.search(self.subject)
        return match.group(1) if match else None


def decode_part(part: EmailMessage) -> str:
    """A text part as str: its charset, else UTF-8, else the detected one."""
    payload = part.get_payload(decode=True) or b""
    declared = part.get_content_charset()
    for charset in [declared] if declared else []:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            break
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        guess = charset_normalizer.from_bytes(payload).best()
        return str(guess) if guess is not None else payload.decode("latin-1")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML part: line breaks kept, every tag and script gone."""
    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup)
    markup = re.sub(r"(?i)</(p|div|li|tr|h[1-6])>", "\n", markup)
    text = html.unescape(nh3.clean(markup, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.splitlines()))


def _automatic(message: EmailMessage, sender: str) -> str:
    submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    if submitted and submitted != "no":
        return "auto_submitted"
    if message.get("X-Autoreply") or message.get("X-Autorespond") or message.get(
            "X-Auto-Response-Suppress", "").lower() in {"all", "oof"}:
        return "auto_reply"
    if str(message.get("Precedence", "")).strip().lower() in AUTO_PRECEDENCE:
        return "bulk"
    if message.get_content_type() == "multipart/report":
        return "delivery_report"
    local = sender.partition("@")[0].lower()
    if local in {"mailer-daemon", "postmaster"} or str(message.get("Return-Path", "")).strip() \
            == "<>":
        return "delivery_report"
    if message.get("List-Id") or message.get("List-Unsubscribe"):
        return "bulk"
    return ""


def parse(raw: bytes) -> Parsed:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    sender = parseaddr(str(message.get("From", "")))[1].strip().lower()
    plain, markup, uploads = [], [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        is_file = disposition == "attachment" or (
            filename is not None and part.get_content_maintype() != "text")
        if is_file:
            uploads.append(Upload(filename or "file", part.get_payload(decode=True) or b""))
        elif part.get_content_type() == "text/plain":
            plain.append(decode_part(part))
        elif part.get_content_type() == "text/html":
            markup.append(decode_part(part))
    full = "\n".join(plain) if plain else html_to_text("\n".join(markup))
    full = full.replace("\r\n", "\n").strip()
    # The standard signature separator ("-- " on its own line) ends what the person wrote.
    written = re.split(r"\n-- ?\n", "\n" + full, maxsplit=1)[0].strip()
    try:
        new = _REPLIES.parse_reply(text=written).strip()
    except Exception:  # noqa: BLE001 - a parser failure must not lose the message
        new = ""
    recipients = [address for _, address in getaddresses(
        [str(v) for key in ("To", "Cc", "Delivered-To", "X-Original-To")
         for v in message.get_all(key, [])])]
    references = re.findall(r"<[^<>\s]+>", " ".join(
        str(v) for key in ("In-Reply-To", "References") for v in message.get_all(key, [])))
    return Parsed(
        message_id=str(message.get("Message-ID", "")).strip()[:255],
        sender=sender, subject=" ".join(str(message.get("Subject", "")).split())[:300],
        recipients=recipients, in_reply_to=references, text=new or full, full_text=full,
        uploads=uploads, automatic=_automatic(message, sender))
