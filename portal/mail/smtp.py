"""Build a two-part (text + HTML) message and hand it to the configured SMTP server."""
from __future__ import annotations

import email.policy
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

SMTP_TIMEOUT = 20


# Headers are not folded below the 998 a line may hold: Python 3.11 drops the space between
# folded encoded words, so a long Russian subject would arrive with words run together.
MAIL_POLICY = email.policy.SMTP.clone(max_line_length=998)


def build_message(config, message) -> EmailMessage:
    mail = EmailMessage(policy=MAIL_POLICY)
    mail["From"] = config["MAIL_SENDER"]
    mail["To"] = message.to_address
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = message.message_id or make_msgid(
        idstring=f"outbox{message.id}", domain=config["MAIL_SENDER"].rpartition("@")[2] or None)
    if message.in_reply_to:
        mail["In-Reply-To"] = message.in_reply_to
    if message.references_header:
        mail["References"] = message.references_header
    if message.reply_to:
        mail["Reply-To"] = message.reply_to
    if message.list_unsubscribe:
        # One click in the mail program unsubscribes, without a page to visit (RFC 8058).
        mail["List-Unsubscribe"] = f"<{message.list_unsubscribe}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if message.auto_generated:
        # Tells auto-responders not to answer (RFC 3834).
        mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(message.text_body, cte="quoted-printable")
    mail.add_alternative(message.html_body, subtype="html", cte="quoted-printable")
    mail["Content-Language"] = message.language  # after the body: set_content drops Content-*
    return mail


def send_over_smtp(config, message) -> None:
    """One connection per message: plain, STARTTLS or implicit TLS, login when configured."""
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    if config["MAIL_USE_SSL"]:
        connection = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT,
                                      context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT)
    with connection as smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(build_message(config, message))


def is_permanent(error: Exception) -> bool:
    """5xx answers (unknown mailbox, refused content) will not improve with retries."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False  # the administrator may fix the login; keep retrying
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False
