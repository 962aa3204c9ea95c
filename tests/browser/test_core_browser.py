"""Chromium: the home page, the language switch and a 404, each checked with axe."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""

    def luminance(colour: str) -> float:
        red, green, blue = (float(part) / 255 for part in re.findall(r"[\d.]+", colour)[:3])
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in (red, green, blue)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_home_language_switch_and_404(live_server, page, axe_check):
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text() == "Чем мы можем помочь?"
    axe_check(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.get_by_role("heading", level=1).inner_text() == "How can we help?"
    axe_check(page)

    response = page.goto(live_server + "/no-such-page")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    axe_check(page)


def test_skip_link_moves_focus_to_main(live_server, page, axe_check):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти к основному содержимому")
    assert skip.evaluate("element => element === document.activeElement")
    # Focused, it comes into view with a visible outline.
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    ring = skip.evaluate("e => getComputedStyle(e).outlineColor")
    page_colour = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert _contrast(ring, page_colour) >= 3, (ring, page_colour)  # WCAG 1.4.11
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    axe_check(page)


@pytest.mark.parametrize("path", ["/", "/no-such-page"])
def test_phone_width_has_no_horizontal_scroll(live_server, page, axe_check, path):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server + path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.get_by_role("navigation", name="Основная навигация")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_in_viewport()
    axe_check(page)


def test_htmx_posts_carry_the_csrf_token(live_server, page, axe_check):
    """The browser app runs with CSRF on: an htmx POST without a form field passes only
    because portal.js sends the page's token as X-CSRFToken."""
    page.goto(live_server + "/")
    page.wait_for_function("window.htmx !== undefined")
    with page.expect_request(lambda r: r.url.endswith("/language")) as sent:
        page.evaluate("""htmx.ajax('POST', '/language',
            {values: {language: 'en', next: '/'}, target: '#main', swap: 'none'})""")
    assert sent.value.headers.get("x-csrftoken")
    response = sent.value.response()
    assert response and response.status == 303
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page)


def test_a_boosted_link_to_a_missing_page_shows_the_404_page(live_server, page, axe_check):
    page.goto(live_server + "/")
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("""() => { const link = document.createElement('a');
        link.href = '/no-such-page'; link.textContent = 'старая ссылка';
        document.getElementById('main').append(link); htmx.process(link); }""")
    page.get_by_role("link", name="старая ссылка").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Страница не найдена")
    assert page.url == live_server + "/no-such-page"
    axe_check(page)


def test_a_refused_htmx_request_says_why(live_server, page, axe_check):
    """An htmx POST whose CSRF token is stale gets the 400 message in the alert region."""
    page.goto(live_server + "/")
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("""() => {
        document.querySelector('meta[name="csrf-token"]').content = 'stale';
        htmx.ajax('POST', '/language', {values: {language: 'en', next: '/'}, target: '#main'});
    }""")
    alert = page.locator("#request-error")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Перезагрузите страницу")
    expect(page.get_by_role("heading", name="Чем мы можем помочь?")).to_be_visible()
    axe_check(page)


def test_a_boosted_form_answered_422_shows_its_errors(live_server, page, axe_check):
    """Boosted forms are re-shown with their errors (features need not turn boosting off)."""
    page.goto(live_server + "/login")
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("""() => { const form = document.querySelector('main form[action="/login"]');
        form.removeAttribute('hx-boost'); htmx.process(form); }""")
    with page.expect_response(lambda r: r.url.endswith("/login") and r.request.method == "POST"
                              ) as answer:
        page.locator('main form[action="/login"] button[type="submit"]').click()
    assert answer.value.status == 422
    expect(page.locator("main [aria-invalid='true']").first).to_be_visible()
    axe_check(page)
