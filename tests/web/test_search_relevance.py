"""Relevance on the real knowledge base: each customer query finds an accepted article among
the first three (on SQLite, and again on PostgreSQL with the web suite)."""
from __future__ import annotations

import pytest

from portal.config import PROJECT_ROOT
from tests.relevance.cases import CASES, scores, url_of


@pytest.fixture(scope="module")
def indexed(database_url, tmp_path_factory):
    from tests.dbutil import app_with_clean_rows

    config = {"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "relevance",
              "INSTANCE_DIR": str(tmp_path_factory.mktemp("instance")),
              "KB_DIR": str(PROJECT_ROOT / "kb"), "WTF_CSRF_ENABLED": False}
    with app_with_clean_rows(config) as application, application.app_context():
        from portal.db import db
        from portal.kb.sync import sync_index

        db.connect(reuse_if_open=True)
        sync_index(PROJECT_ROOT / "kb")
        yield application


def _found(application, query: str, language: str) -> list[str]:
    from portal.search import index

    with application.app_context():
        return [hit.url for hit in index.search(query, language=language, per_page=10).hits]


@pytest.mark.parametrize(("query", "language", "accepted"), CASES,
                         ids=[case[0][:40] for case in CASES])
def test_an_accepted_article_is_among_the_first_three(indexed, query, language, accepted):
    found = _found(indexed, query, language)
    assert {url_of(path) for path in accepted} & set(found[:3]), found[:5]


def test_the_set_as_a_whole(indexed):
    recall, mrr = scores([_found(indexed, query, language) for query, language, _ in CASES])
    assert recall == 1.0 and mrr >= 0.8, (recall, mrr)


def test_a_typo_says_what_was_searched_and_links_the_exact_query(indexed):
    client = indexed.test_client()
    page = client.get("/search?q=ворнка").get_data(as_text=True)
    assert "Показаны результаты по запросу «воронка»" in page or \
        "Показаны результаты по запросу «воронки»" in page
    assert 'href="/search?q=%D0%B2%D0%BE%D1%80%D0%BD%D0%BA%D0%B0&amp;exact=1"' in page
    exact = client.get("/search?q=ворнка&exact=1").get_data(as_text=True)
    assert "Показаны результаты" not in exact and "Ничего не найдено" in exact
