"""Search relevance: recall@3 and MRR of the hand-written customer queries (tests/relevance)
on the real knowledge base, for the portal's search and for a baseline of plain PostgreSQL
full text with the 'russian' configuration (websearch_to_tsquery, ts_rank) on the same texts.

Run: .venv/bin/python bench/relevance.py [--database-url postgresql://...]
Without a URL the portal's search runs on a fresh SQLite file and the baseline is skipped;
a PostgreSQL URL must name a database of its own (its tables are rebuilt).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import create_app
from portal.db import db, is_postgres
from tests.dbutil import build_schema
from tests.relevance.cases import CASES, scores

BASELINE = (
    "SELECT url FROM search_document, websearch_to_tsquery('russian', %s) AS q"
    " WHERE kind = 'article' AND to_tsvector('russian', title || ' ' || body_text) @@ q"
    " ORDER BY ts_rank(to_tsvector('russian', title || ' ' || body_text), q) DESC LIMIT 10"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-relevance-"))
    url = options.database_url or f"sqlite:///{workdir / 'relevance.sqlite3'}"
    build_schema(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "INSTANCE_DIR": str(workdir),
                      "KB_DIR": str(ROOT / "kb"), "RATELIMIT_ENABLED": False,
                      "DEMO_MODE": False, "KB_SYNC_ON_START": False})
    from portal.kb.sync import sync_index
    from portal.search import index

    with app.app_context():
        db.connect(reuse_if_open=True)
        sync_index(ROOT / "kb")
        found = [[hit.url for hit in index.search(query, language=language).hits]
                 for query, language, _accepted in CASES]
        rows = [("portal search", *scores(found))]
        if is_postgres():
            baseline = [[row[0] for row in db.execute_sql(BASELINE, [query]).fetchall()]
                        for query, _language, _accepted in CASES]
            rows.append(("PostgreSQL 'russian' full text", *scores(baseline)))
    print(f"database: {url.split('@')[-1]}; {len(CASES)} queries")
    print(f"{'':34} recall@3   MRR")
    for name, recall, mrr in rows:
        print(f"{name:34} {recall:8.2f} {mrr:6.2f}")


if __name__ == "__main__":
    main()
