"""Sending the confirmation link again: only an unconfirmed account gets mail, every address
gets the same answer, and the attempts are counted (in Redis when PORTAL_TEST_REDIS_URL names
one: CI sets it, `.ci/run` starts Redis)."""
from __future__ import annotations

import os

import pytest

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "")
RESEND = "/confirm/resend"
ANSWER = "Если для этого адреса есть неподтверждённая учётная запись, новая ссылка уже отправлена."


def answer_page(client, response) -> str:
    assert response.status_code == 303 and response.headers["Location"].endswith("/login")
    return client.get("/login").get_data(as_text=True)


def test_an_unconfirmed_account_gets_a_new_link_that_confirms_it(client, auth, make_user,
                                                                  mailbox):
    make_user(email="anna@romashka.example", confirmed=False)
    assert auth.attempt("anna@romashka.example").status_code == 403  # not confirmed yet
    response = client.post(RESEND, data={"email": " Anna@Romashka.example "})
    assert ANSWER in answer_page(client, response)
    message = mailbox.last(to="anna@romashka.example")
    assert len(mailbox.to("anna@romashka.example")) == 1
    confirmed = client.get(mailbox.link_path(message))
    assert confirmed.status_code == 303 and confirmed.headers["Location"].endswith("/login")
    auth.login("anna@romashka.example")


@pytest.mark.parametrize("email", ["nobody@romashka.example", "boris@romashka.example"])
def test_unknown_and_confirmed_addresses_get_the_same_answer_and_no_mail(client, make_user,
                                                                         mailbox, email):
    make_user(email="boris@romashka.example")  # confirmed
    make_user(email="anna@romashka.example", confirmed=False)
    page = answer_page(client, client.post(RESEND, data={"email": email}))
    assert ANSWER in page
    assert mailbox.messages == []


def test_a_resend_without_an_address_is_refused_and_a_malformed_one_answered_alike(client,
                                                                                   mailbox):
    assert client.post(RESEND, data={}).status_code == 400
    # Not an address: the same answer as any other, so nothing can be told apart.
    assert ANSWER in answer_page(client, client.post(RESEND, data={"email": "not an address"}))
    assert mailbox.messages == []


def test_a_resend_needs_the_csrf_token(csrf_app, make_user, smtp_server):
    smtp_server.configure(csrf_app)
    make_user(email="anna@romashka.example", confirmed=False)
    client = csrf_app.test_client()
    assert client.post(RESEND, data={"email": "anna@romashka.example"}).status_code == 400
    assert smtp_server.messages == []


@pytest.mark.skipif(not REDIS_URL, reason="PORTAL_TEST_REDIS_URL is not set")
class TestWithRedis:
    @pytest.fixture
    def redis_db(self):
        import redis

        connection = redis.Redis.from_url(REDIS_URL)
        connection.flushdb()
        yield connection
        connection.flushdb()

    @pytest.fixture
    def app_config(self, app_config, redis_db):
        return dict(app_config, RATELIMIT_ENABLED=True, REDIS_URL=REDIS_URL)

    def test_resends_are_counted_in_redis_and_refused_past_the_limit(self, app, client,
                                                                     make_user, mailbox,
                                                                     redis_db):
        make_user(email="anna@romashka.example", confirmed=False)
        statuses = [client.post(RESEND, data={"email": "anna@romashka.example"}).status_code
                    for _ in range(11)]
        assert statuses == [303] * 10 + [429]
        assert redis_db.dbsize() > 0, "the counters were kept somewhere else"
        # Mail to one address is bounded on its own (PORTAL_MAIL_LIMIT_ADDRESS, per hour).
        per_hour = int(app.config["MAIL_LIMIT_ADDRESS"].split(";")[0].split("/")[0])
        assert len(mailbox.to("anna@romashka.example")) == min(per_hour, 10)
