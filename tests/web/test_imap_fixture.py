"""The IMAP fixture itself: a real Dovecot that imap-tools reads, and the messages of mail_fixture."""
from __future__ import annotations

import email
import email.policy
import socket

import pytest
from imap_tools import MailBoxUnencrypted

from tests.plugins.imap import MAIL_FIXTURE, eml


def _login(server):
    return MailBoxUnencrypted(server.host, server.port).login(server.user, server.password)


def test_a_message_appended_is_read_and_moved_by_imap_tools(imap_server):
    raw = eml("reply_token_multipart.eml")
    imap_server.append(raw)
    assert imap_server.messages() == [raw]  # stored and given back byte for byte

    with _login(imap_server) as box:
        [message] = list(box.fetch(mark_seen=False))
        assert message.subject == "Re: [TID-2026-000001] Отчёт не строится"
        assert message.from_ == "anna@romashka.example"
        assert "Очистили кэш" in message.text
        box.folder.create("Processed")
        box.move([message.uid], "Processed")

    assert imap_server.messages() == []
    assert imap_server.messages("Processed") == [raw]
    assert imap_server.folders() == ["INBOX", "Processed"]


def test_folders_with_russian_names_and_clear(imap_server):
    imap_server.append(eml("new_request_no_id.eml"), folder="Архив/2026")
    with _login(imap_server) as box:
        assert {f.name for f in box.folder.list()} == {"INBOX", "Архив", "Архив/2026"}
        box.folder.set("Архив/2026")
        assert len(list(box.fetch(mark_seen=False))) == 1
        box.folder.create("Обработано & прочее")
    assert "Обработано & прочее" in imap_server.folders()

    imap_server.append(eml("bounce.eml"))
    imap_server.clear()
    assert imap_server.folders() == ["INBOX"]
    assert imap_server.messages() == []
    assert imap_server.messages("Архив/2026") == []  # no such folder any more


def test_each_test_starts_with_an_empty_inbox(imap_server):
    assert imap_server.messages() == []
    assert imap_server.folders() == ["INBOX"]


def test_an_outage_refuses_connections_and_keeps_the_mail(imap_server):
    imap_server.append(eml("koi8r.eml"))
    imap_server.stop()
    with pytest.raises(OSError, match="[Cc]onnection refused"):
        socket.create_connection((imap_server.host, imap_server.port), timeout=2).close()
    imap_server.start()
    with _login(imap_server) as box:
        assert [m.subject for m in box.fetch()] == ["[TID-2026-000001] Нет уведомлений"]
    assert imap_server.flags() == [{"\\Seen"}]  # imap-tools marked it read


# --- the messages of tests/mail_fixture ------------------------------------------------------
EXPECTED = {  # file -> a piece of its (decoded) text
    "reply_token_multipart.eml": "«Продажи по менеджерам» теперь строится",
    "reply_in_reply_to.eml": "годовой отчёт строится за две",
    "html_only.eml": "Нет доступа к разделу",
    "windows1251.eml": "При печати счёта № 2026-1187",
    "koi8r.eml": "не приходят уведомления о задачах",
    "undeclared_8bit.eml": "файл платёжных поручений",
    "with_attachments.eml": "Прикладываю снимок экрана",
    "forged_sender.eml": "новый пароль администратора",
    "duplicate_a.eml": "версия клиента 6.0.3",
    "duplicate_b.eml": "версия клиента 6.0.3",
    "out_of_office.eml": "Я в отпуске до 14 декабря",
    "bounce.eml": "could not\nbe delivered",
    "new_request_no_id.eml": "Как перенести лицензию",
    "precedence_bulk.eml": "Изменения в отчётности",
}


def _parse(name: str):
    return email.message_from_bytes(eml(name), policy=email.policy.default)


def test_every_fixture_message_is_listed_and_parses_cleanly():
    assert sorted(p.name for p in MAIL_FIXTURE.glob("*.eml")) == sorted(EXPECTED)
    ids = {}
    for name in EXPECTED:
        message = _parse(name)
        assert not [d for part in message.walk() for d in part.defects], name
        assert (message["Date"].datetime.year, message["Date"].datetime.month) == (2026, 12)
        ids.setdefault(message["Message-ID"], []).append(name)
    assert [names for names in ids.values() if len(names) > 1] == [
        ["duplicate_a.eml", "duplicate_b.eml"]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_message_text(name):
    message = _parse(name)
    if name == "undeclared_8bit.eml":  # no charset declared: the bytes are windows-1251
        assert message.get_content_charset() is None
        text = message.get_payload(decode=True).decode("windows-1251")
    elif name == "html_only.eml":
        text = message.get_body(preferencelist=("html",)).get_content()
        assert "<script" in text and "<style>" in text
    elif name == "bounce.eml":
        text = message.get_body(preferencelist=("plain",)).get_content()
    else:
        text = message.get_body(preferencelist=("plain",)).get_content()
    assert EXPECTED[name] in text.replace("\r\n", "\n")


def test_fixture_charsets_and_headers():
    assert _parse("windows1251.eml").get_content_charset() == "windows-1251"
    assert _parse("koi8r.eml")["Content-Transfer-Encoding"] == "quoted-printable"
    assert b"=?windows-1251?B?" in eml("windows1251.eml")
    assert _parse("windows1251.eml")["Subject"] == "[TID-2026-000001] Не печатаются счета"
    assert _parse("reply_in_reply_to.eml")["In-Reply-To"] == "<portalmsg123@portal.test>"
    assert "<portalmsg123@portal.test>" in _parse("reply_in_reply_to.eml")["References"]
    assert _parse("forged_sender.eml")["From"].addresses[0].addr_spec == "mallory@evil.example"
    assert _parse("out_of_office.eml")["Auto-Submitted"] == "auto-replied"
    assert _parse("precedence_bulk.eml")["Precedence"] == "bulk"
    bounce = _parse("bounce.eml")
    assert bounce.get_content_type() == "multipart/report"
    assert bounce["Return-Path"] == "<>"


def test_attachments_are_what_they_claim():
    from portal.tickets.files import detect

    parts = list(_parse("with_attachments.eml").iter_attachments())
    found = {part.get_filename(): detect(part.get_content()) for part in parts}
    assert found == {"Снимок экрана.png": "image/png", "akt-sverki.bmp": "image/bmp",
                     "logs.zip": "application/zip"}
