"""Mail in: the .eml set through `portal mail-in` and `portal mail fetch` (a real Dovecot)."""
from __future__ import annotations

import pytest

from portal.db import db
from portal.mail.models import OutboxMessage
from portal.tickets.models import Attachment, InboundMail, Ticket, TicketEvent
from tests.plugins.imap import eml

TOKEN = "t0k3nT0k3nT0k3n0"


@pytest.fixture
def ticket(app, file_ticket, mailbox):
    """Анна's TID-2026-000001 with the fixtures' reply token, and a portal mail it answers."""
    number = file_ticket()
    assert number == "TID-2026-000001"
    with app.app_context():
        Ticket.update(mail_token=TOKEN).where(Ticket.number == number).execute()
        OutboxMessage.update(message_id="<portalmsg123@portal.test>").where(
            OutboxMessage.thread_key == number).execute()
    app.config["MAIL_SUPPORT_ADDRESS"] = "support@portal.test"
    return number


def mail_in(runner, name: str):
    return runner.invoke(args=["mail-in"], input=eml(name))


def messages(app, number="TID-2026-000001"):
    with app.app_context():
        db.connect(reuse_if_open=True)
        ticket = Ticket.get(Ticket.number == number)
        return list(TicketEvent.select().where((TicketEvent.ticket == ticket)
                                               & (TicketEvent.kind == "customer_message"))
                    .order_by(TicketEvent.id))


def test_a_reply_to_the_token_address_joins_the_ticket_without_its_history(app, runner,
                                                                          ticket):
    result = mail_in(runner, "reply_token_multipart.eml")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("added TID-2026-000001")
    latest = messages(app)[-1]
    assert latest.sender_verified and latest.inbound_id is not None
    assert "написал(а):" not in latest.body and ">" not in latest.body
    assert "-- " not in latest.body and latest.body.strip()


def test_a_reply_naming_a_portal_message_id_joins_too(app, runner, ticket):
    assert mail_in(runner, "reply_in_reply_to.eml").output.startswith("added TID-2026-000001")
    assert "wrote:" not in messages(app)[-1].body


@pytest.mark.parametrize("name", ["windows1251.eml", "koi8r.eml", "undeclared_8bit.eml",
                                  "html_only.eml"])
def test_charsets_and_html_become_readable_text(app, runner, ticket, name):
    result = mail_in(runner, name)
    assert result.exit_code == 0 and result.output.startswith("added"), result.output
    body = messages(app)[-1].body
    assert any("а" <= ch <= "я" for ch in body.lower()), body
    assert "<script" not in body and "alert" not in body and "{" not in body


def test_a_tid_in_the_subject_from_a_contact_is_added_but_marked_unverified(app, runner,
                                                                           ticket, client):
    result = mail_in(runner, "windows1251.eml")  # Анна's address, the TID only in the subject
    assert "not_verified" in result.output
    assert not messages(app)[-1].sender_verified
    page = client.get("/tickets/TID-2026-000001").get_data(as_text=True)
    assert "отправитель не подтверждён" in page


def test_a_forged_sender_is_not_added_and_gets_a_polite_bounce(app, runner, ticket, mailbox):
    before = len(messages(app))
    result = mail_in(runner, "forged_sender.eml")
    assert result.exit_code == 0 and result.output.startswith("bounced")
    assert len(messages(app)) == before
    bounce = mailbox.last(to="mallory@evil.example")
    assert "не попало в поддержку" in bounce["Subject"]


def test_the_same_message_twice_is_stored_once(app, runner, ticket):
    assert mail_in(runner, "duplicate_a.eml").output.startswith("added")
    assert mail_in(runner, "duplicate_b.eml").output.startswith("duplicate")
    assert len(messages(app)) == 2  # the opening message and this reply
    with app.app_context():
        assert InboundMail.select().count() == 1


@pytest.mark.parametrize("name", ["out_of_office.eml", "bounce.eml", "precedence_bulk.eml"])
def test_auto_replies_bounces_and_bulk_mail_are_never_added_nor_answered(app, runner, ticket,
                                                                         mailbox, name):
    before, sent = len(messages(app)), len(mailbox.messages)
    result = mail_in(runner, name)
    assert result.exit_code == 0 and result.output.startswith("ignored"), result.output
    assert len(messages(app)) == before and len(mailbox.messages) == sent


def test_files_are_kept_by_the_rules_and_the_refused_ones_listed_to_the_sender(
        app, runner, ticket, mailbox):
    result = mail_in(runner, "with_attachments.eml")
    assert result.output.startswith("added"), result.output
    with app.app_context():
        kept = sorted(a.content_type for a in Attachment.select().where(
            Attachment.event == messages(app)[-1].id))
    assert kept == ["application/zip", "image/png"]
    notice = mailbox.last(to="anna@romashka.example")
    assert "Часть файлов не приложена" in notice["Subject"]
    assert "BMP" in mailbox.text(notice)


def test_a_known_contacts_new_question_opens_a_ticket(app, runner, ticket, mailbox):
    result = mail_in(runner, "new_request_no_id.eml")
    assert result.output.startswith("opened TID-2026-000002"), result.output
    with app.app_context():
        opened = Ticket.get(Ticket.number == "TID-2026-000002")
        assert opened.priority == 4  # the least urgent: staff re-classify
    assert any("TID-2026-000002" in m["Subject"] for m in mailbox.to("anna@romashka.example"))


def test_a_customer_mail_ends_the_wait_for_them(app, runner, ticket):
    with app.app_context():
        Ticket.update(status="waiting").where(Ticket.number == ticket).execute()
    mail_in(runner, "reply_token_multipart.eml")
    with app.app_context():
        assert Ticket.get(Ticket.number == ticket).status == "open"


def test_an_empty_standard_input_asks_the_mta_to_try_again(runner, ticket):
    assert runner.invoke(args=["mail-in"], input=b"").exit_code == 75


def test_fetch_handles_the_mailbox_moves_handled_mail_and_keeps_what_failed(
        app, runner, ticket, imap_mailbox, tmp_path):
    imap_mailbox.append(eml("reply_token_multipart.eml"))
    imap_mailbox.append(eml("out_of_office.eml"))
    # A real failure: attachments cannot be stored while their directory is a plain file.
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("x")
    app.config["ATTACHMENT_DIR"] = str(blocked)
    imap_mailbox.append(eml("with_attachments.eml"))
    result = runner.invoke(args=["mail", "fetch"])
    assert result.exit_code == 1 and "failed: 1" in result.output, result.output
    assert len(imap_mailbox.messages()) == 1  # the failed one stays
    assert len(imap_mailbox.messages("Processed")) == 2
    with app.app_context():
        (failed,) = InboundMail.failed()
        assert bytes(failed.raw) == eml("with_attachments.eml")  # kept exactly as it arrived
    app.config["ATTACHMENT_DIR"] = str(tmp_path / "attachments")
    again = runner.invoke(args=["mail", "fetch"])
    assert again.exit_code == 0, again.output
    assert imap_mailbox.messages() == [] and len(imap_mailbox.messages("Processed")) == 3
    with app.app_context():
        assert InboundMail.failed().count() == 0


def test_an_unreachable_mailbox_loses_nothing(app, runner, ticket, imap_mailbox):
    imap_mailbox.append(eml("duplicate_a.eml"))
    imap_mailbox.stop()
    down = runner.invoke(args=["mail", "fetch"])
    assert down.exit_code != 0
    imap_mailbox.start()
    assert len(imap_mailbox.messages()) == 1
    assert runner.invoke(args=["mail", "fetch"]).exit_code == 0
    assert imap_mailbox.messages() == []
    assert messages(app)[-1].body.strip()


def test_administrators_see_failed_mail_and_staff_the_original(app, client, auth, runner,
                                                                ticket, make_user, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("x")
    app.config["ATTACHMENT_DIR"] = str(blocked)
    assert runner.invoke(args=["mail-in"], input=eml("with_attachments.eml")).exit_code == 75
    app.config["ATTACHMENT_DIR"] = str(tmp_path / "attachments")
    mail_in(runner, "reply_token_multipart.eml")
    auth.logout()
    make_user(role="admin", email="admin@lotsman.example")
    auth.login("admin@lotsman.example")
    page = client.get("/tickets/inbound").get_data(as_text=True)
    assert "NotADirectoryError" in page or "FileExistsError" in page
    event = messages(app)[-1]
    original = client.get(f"/tickets/TID-2026-000001/mail/{event.inbound_id}")
    assert original.status_code == 200 and b"Message-ID" in original.data
    auth.logout()
    auth.login("anna@romashka.example")
    assert client.get("/tickets/inbound").status_code == 403
    assert client.get(f"/tickets/TID-2026-000001/mail/{event.inbound_id}").status_code == 403
