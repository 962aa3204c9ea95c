"""Browser fixtures: the app served on a free loopback port, Debian Chromium via Playwright, axe."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal.config import PROJECT_ROOT
from tests.dbutil import app_with_clean_rows

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def live_app(app_config):
    """The app as a browser sees it: CSRF on, served by a real HTTP server."""
    config = dict(app_config, WTF_CSRF_ENABLED=True)
    config.pop("SERVER_NAME", None)
    with app_with_clean_rows(config) as application:
        yield application


@pytest.fixture
def live_server(live_app):
    """Base URL of the app running in a thread on 127.0.0.1 and a free port."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (Russian, like most visitors); fails on CSP violations."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    refused: list[str] = []
    tab.on("console", lambda message: refused.append(message.text)
           if "Content Security Policy" in message.text else None)
    yield tab
    context.close()
    assert not refused, f"the page broke its Content-Security-Policy: {refused}"


@pytest.fixture
def axe_check():
    """Run axe-core on the page; fail on serious or critical violations."""

    def check(tab) -> list[dict]:
        # evaluate() runs through the DevTools protocol, so the page's CSP stays in force.
        tab.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
        summary = [f"{v['id']} ({v['impact']}): {v['help']} -> "
                   f"{[n['target'] for n in v['nodes']][:3]}" for v in bad]
        assert not bad, "accessibility violations on " + tab.url + ":\n" + "\n".join(summary)
        return result["violations"]

    return check


def log_in(page, live_server: str, email: str, password: str) -> None:
    """Log in through the form, as a person would, and wait until the header says so."""
    from playwright.sync_api import expect

    page.goto(live_server + "/login")
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Пароль").fill(password)
    page.locator("main").get_by_role("button", name="Войти").click()
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()


def main_navigation(page):
    """The header's main navigation (in Russian, the default language)."""
    return page.get_by_role("navigation", name="Основная навигация")
