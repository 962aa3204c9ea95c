"""Pure rules of accounts and mail: password strength, mail retry back-off, signed links."""
from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from portal.accounts.passwords import COMMON, MIN_LENGTH, password_problems
from portal.mail.delivery import LONGEST_RETRY, retry_delay


@given(st.text(max_size=MIN_LENGTH - 1))
def test_every_short_password_is_refused(password):
    assert password_problems(password)


@given(st.sampled_from(sorted(COMMON)), st.sampled_from(["", "1", "123", "2026", "!", "_01"]))
def test_common_passwords_with_a_suffix_are_refused(common, suffix):
    assert password_problems(common.upper() + suffix)


@given(st.text(alphabet="abcdefghjkmnpqrstuvwxyz-23456789", min_size=14, max_size=40)
       .filter(lambda p: len(set(p)) > 6))
def test_long_varied_passwords_pass(password):
    assert password_problems(password, email="anna@romashka.example", name="Анна") == []


def test_a_password_equal_to_the_mailbox_name_is_refused():
    assert password_problems("anna.romashkina", email="anna.romashkina@romashka.example")
    assert password_problems("demo-portal-2026") == []


@given(st.integers(min_value=1, max_value=10_000))
def test_retry_delay_grows_and_is_capped(attempts):
    delay = retry_delay(attempts)
    assert timedelta(minutes=1) <= delay <= LONGEST_RETRY
    assert retry_delay(attempts + 1) >= delay


def test_retry_delay_doubles_until_the_cap():
    assert [retry_delay(n) for n in range(1, 9)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60)]


@given(position=st.integers(min_value=0), replacement=st.sampled_from("AaZz09-_."))
def test_a_link_with_a_character_changed_says_nothing_new(position, replacement):
    from flask import Flask

    from portal.accounts import tokens

    app = Flask(__name__)
    app.config["SECRET_KEY"] = "unit-test-key"
    with app.app_context():
        token = tokens.make_token("reset", {"u": 7, "p": "abcd"})
        index = position % len(token)
        if token[index] == replacement:
            return
        forged = token[:index] + replacement + token[index + 1:]
        try:
            payload = tokens.read_token("reset", forged, tokens.RESET_MAX_AGE)
        except tokens.LinkError as error:
            assert not error.expired
        else:
            # Only the last base64 character's spare bits can change without changing the
            # signature bytes; then the link still says exactly what was signed.
            assert index == len(token) - 1 and payload == {"u": 7, "p": "abcd"}, forged
        assert tokens.read_token("reset", token, tokens.RESET_MAX_AGE) == {"u": 7, "p": "abcd"}
        # A link made for one purpose does not open another door.
        try:
            tokens.read_token("confirm", token, tokens.CONFIRM_MAX_AGE)
        except tokens.LinkError:
            pass
        else:
            raise AssertionError("a reset link confirmed an address")
