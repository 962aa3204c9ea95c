"""The header's «Войти» link and language switch carry the page as it was: no stray '?'."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest


def _login_next(client, path: str) -> str | None:
    page = client.get(path).get_data(as_text=True)
    header = page.split('class="site-tools"')[1].split("</ul>")[0]
    link = re.search(r'<a href="([^"]*/login[^"]*)"', header)
    assert link, header
    values = parse_qs(urlsplit(html.unescape(link.group(1))).query).get("next")
    return values[0] if values else None


def _language_next(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    field = re.search(r'<input type="hidden" name="next" value="([^"]*)"', page)
    assert field
    return html.unescape(field.group(1))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "/"),
        ("/kb/", "/kb/"),
        ("/tiers", "/tiers"),
        # As a browser sends it: percent-encoded, kept as it came.
        ("/search?q=%D0%BA%D0%BB%D1%8E%D1%87", "/search?q=%D0%BA%D0%BB%D1%8E%D1%87"),
        ("/search?q=a&product=crm", "/search?q=a&product=crm"),
    ],
)
def test_next_is_the_path_and_the_query_only_when_there_is_one(client, path, expected):
    assert _login_next(client, path) == expected
    assert _language_next(client, path) == expected


def test_a_bare_question_mark_is_no_query(client):
    """`/?` asks for no query: next is the path alone."""
    assert _login_next(client, "/?") == "/"


def test_following_the_link_logs_in_and_returns_to_the_page(client, make_user):
    make_user(email="anna@romashka.example", password="correct-horse-battery")
    target = _login_next(client, "/tiers")
    response = client.post("/login", data={"email": "anna@romashka.example",
                                           "password": "correct-horse-battery",
                                           "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/tiers"


def test_the_login_page_itself_carries_no_next(client):
    assert _login_next(client, "/login") is None
