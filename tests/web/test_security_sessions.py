"""Sessions end on the server: a copied session or remember-me cookie dies with the log-in
it belongs to (log-out, a new password, "log out everywhere", a reset), and after idle time."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.plugins.accounts import DEFAULT_PASSWORD

EMAIL = "boris@romashka.example"


@pytest.fixture
def boris(make_user):
    return make_user(email=EMAIL)


def _log_in(app, remember: bool = False):
    client = app.test_client()
    data = {"email": EMAIL, "password": DEFAULT_PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/login", data=data).status_code == 303
    return client


def _copies(app, client) -> dict:
    """New browsers holding a stolen copy of the session cookie, and of the remember-me one."""
    copies = {}
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name, domain=app.config["SERVER_NAME"])
        if cookie is not None:
            thief = app.test_client()
            thief.set_cookie(name, cookie.value, domain=cookie.domain)
            copies[name] = thief
    return copies


def _opens_profile(browser) -> bool:
    return browser.get("/profile").status_code == 200


def test_log_out_ends_every_copy_of_the_session(app, boris):
    client = _log_in(app, remember=True)
    copies = _copies(app, client)
    assert set(copies) == {"session", "remember_token"}
    assert all(_opens_profile(copy) for copy in copies.values())
    assert client.post("/logout").status_code == 303
    assert {name: _opens_profile(copy) for name, copy in copies.items()} == {
        "session": False, "remember_token": False}


def test_log_out_ends_only_that_log_in(app, boris):
    laptop, phone = _log_in(app), _log_in(app)
    laptop.post("/logout")
    assert _opens_profile(phone)


def test_a_new_password_ends_every_copy_and_keeps_this_browser(app, boris):
    client = _log_in(app, remember=True)
    other = _log_in(app)
    copies = _copies(app, client)
    changed = client.post("/profile/password", data={"current_password": DEFAULT_PASSWORD,
                                                     "new_password": "another-long-secret"})
    assert changed.status_code == 303
    assert _opens_profile(client)
    assert not _opens_profile(other)
    assert not any(_opens_profile(copy) for copy in copies.values())
    # This browser's new remember-me cookie works after a restart.
    assert _opens_profile(_copies(app, client)["remember_token"])


def test_log_out_everywhere_from_the_profile(app, boris):
    client, phone = _log_in(app, remember=True), _log_in(app, remember=True)
    copies = _copies(app, phone)
    page = client.get("/profile").get_data(as_text=True)  # Boris reads Russian
    assert "Завершить все сеансы" in page and "2 открытых сеанса" in page
    answer = client.post("/profile/sessions/end")
    assert answer.status_code == 303 and answer.headers["Location"] == "/login"
    assert not _opens_profile(client) and not _opens_profile(phone)
    assert not any(_opens_profile(copy) for copy in copies.values())
    assert "Вы вышли на всех устройствах" in client.get("/login").get_data(as_text=True)


def test_a_reset_password_ends_every_log_in(app, boris, mailbox):
    phone = _log_in(app, remember=True)
    copies = _copies(app, phone)
    stranger = app.test_client()
    stranger.post("/reset", data={"email": EMAIL})
    path = mailbox.link_path(mailbox.last(to=EMAIL))
    assert stranger.post(path, data={"password": "brand-new-secret-7"}).status_code == 303
    assert not _opens_profile(phone)
    assert not any(_opens_profile(copy) for copy in copies.values())


def test_an_idle_session_ends_after_the_configured_time(app, boris, freeze_clock):
    app.config["SESSION_IDLE_MINUTES"] = 30
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    freeze_clock(start)
    active, idle = _log_in(app), _log_in(app)
    for minutes in (10, 20, 35):  # the active one keeps being used
        freeze_clock(start + timedelta(minutes=minutes))
        assert _opens_profile(active)
    assert not _opens_profile(idle)  # 35 minutes unused
    freeze_clock(start + timedelta(minutes=66))
    assert not _opens_profile(active)  # 31 minutes since its last use


def test_a_remembered_log_in_ends_after_the_remember_days_unused(app, boris, freeze_clock):
    app.config["REMEMBER_DAYS"] = 3
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    freeze_clock(start)
    remembered = _copies(app, _log_in(app, remember=True))["remember_token"]
    freeze_clock(start + timedelta(days=2))
    assert _opens_profile(remembered)
    freeze_clock(start + timedelta(days=5, hours=1))
    assert not _opens_profile(remembered)
