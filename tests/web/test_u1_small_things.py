"""Small things: a too long query gets the portal's own page, pages past the last one show the
last, a knowledge-base comment is confirmed, wide kb tables keep whole words on a phone."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal import serving
from portal.core import MAX_QUERY_BYTES

EN = {"Accept-Language": "en"}
FIXTURE = Path(__file__).resolve().parent.parent / "kb_fixture"


def test_a_too_long_query_gets_the_portals_own_page(client):
    response = client.get("/search?q=" + "a" * (MAX_QUERY_BYTES + 1), headers=EN)
    assert response.status_code == 414
    page = response.get_data(as_text=True)
    assert "The address is too long" in page and "Shorten the search" in page
    assert '<header class="site-header' in page  # the portal's page, not a bare one
    assert client.get("/search?q=" + "a" * 1000).status_code == 200


def test_gunicorn_lets_such_a_query_reach_the_app():
    assert serving.limit_request_line == 8190  # gunicorn's maximum; its default is 4094
    assert len("GET /search?q= HTTP/1.1") + MAX_QUERY_BYTES < serving.limit_request_line


def test_a_ticket_list_page_past_the_last_shows_the_last(client, file_ticket):
    number = file_ticket()
    page = client.get("/tickets/?page=99", headers=EN).get_data(as_text=True)
    assert number in page
    assert "99" not in page.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def kb_app_config(app_config, tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return {**app_config, "KB_DIR": str(root), "KB_SYNC_ON_START": True}


class TestWithArticles:
    @pytest.fixture
    def app_config(self, kb_app_config):
        return kb_app_config

    def test_a_search_page_past_the_last_shows_the_last(self, client):
        last = client.get("/search?q=first&page=1", headers=EN).get_data(as_text=True)
        beyond = client.get("/search?q=first&page=50", headers=EN).get_data(as_text=True)
        assert "/kb/basics/first-steps" in last
        assert "/kb/basics/first-steps" in beyond  # the last page, not an empty 50th

    def test_a_comment_under_an_article_is_confirmed(self, client):
        client.post("/kb/basics/first-steps/helpful", data={"answer": "no"})
        client.post("/kb/basics/first-steps/helpful",
                    data={"answer": "no", "comment": "The screenshot is old."})
        html = client.get("/kb/basics/first-steps", headers=EN).get_data(as_text=True)
        assert "Your comment is sent; the authors of the article read it." in html


def test_wide_kb_tables_keep_whole_words_and_scroll(app):
    css = Path(app.static_folder, "css", "kb.css").read_text(encoding="utf-8")
    rule = css.split(".kb-body .scroll-region > table th", 1)[1].split("}", 1)[0]
    assert "min-width" in rule and "word-break: normal" in rule
    portal_css = Path(app.static_folder, "css", "portal.css").read_text(encoding="utf-8")
    assert ".scroll-region { overflow-x: auto" in portal_css
