"""The search index's PostgreSQL branch inside the SQLite run of `make test`.

Every test of test_search_index.py runs here again on the PostgreSQL that
PORTAL_TEST_DATABASE_URL names (CI sets it; `.ci/run` starts PostgreSQL), so the engine's
tsvector queries are exercised in the same run as the FTS5 ones and cannot drift apart
unnoticed. The PostgreSQL pass runs test_search_index.py itself, so this module stands aside.
"""
from __future__ import annotations

import os

import pytest

from tests.dbutil import app_with_clean_rows, build_schema

# The same tests and their `indexed` fixture, collected again here with this module's `app`.
from tests.web.test_search_index import *
from tests.web.test_search_index import refs

POSTGRES_URL = os.environ.get("PORTAL_TEST_DATABASE_URL", "")
pytestmark = [
    pytest.mark.skipif(not POSTGRES_URL, reason="PORTAL_TEST_DATABASE_URL is not set"),
    pytest.mark.skipif(os.environ.get("PORTAL_TEST_BACKEND") == "postgresql",
                       reason="the PostgreSQL pass runs test_search_index.py itself"),
]


@pytest.fixture(scope="module")
def postgres_schema():
    build_schema(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def app(app_config, postgres_schema):
    """The test app on PostgreSQL instead of the run's SQLite file."""
    with app_with_clean_rows(dict(app_config, DATABASE_URL=postgres_schema)) as application:
        yield application


def test_this_module_really_runs_on_postgresql(indexed):
    """The imported tests' own fixture filled the PostgreSQL index, not a SQLite file."""
    from portal.db import db, is_postgres
    from portal.search import index

    assert is_postgres()
    assert "PostgreSQL" in db.execute_sql("SELECT version()").fetchone()[0]
    rows = db.execute_sql("SELECT count(*) FROM search_document WHERE search_vector IS NOT NULL")
    assert rows.fetchone()[0] == 5
    assert refs(index.search("лицензии")) == ["licensing/renewal"]
