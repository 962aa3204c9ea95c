"""Search benchmark: 10 000 articles and 50 000 posts, query latency and /search pages per second.

Run: .venv/bin/python bench/search.py [--database-url URL] [--articles N] [--posts N]
The default database is a fresh SQLite file in a temporary directory. A PostgreSQL URL
must name a database of its own: its search tables are emptied before loading.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import create_app, migrate
from portal.db import db, open_database
from portal.search import index

PRODUCTS = ("crm", "desk", "docs")
CATEGORIES = (
    "regulation",
    "licensing",
    "getting-started",
    "crm",
    "desk",
    "docs",
    "troubleshooting",
    "faq",
)
WORD = re.compile(r"[^\W\d_]{3,}")


def vocabulary() -> list[str]:
    """Every word of the knowledge base in order, so sampling keeps natural word frequencies."""
    words = []
    for path in sorted((ROOT / "kb").rglob("*.md")):
        words.extend(WORD.findall(path.read_text(encoding="utf-8")))
    if len(words) < 1000:
        raise SystemExit("kb/ has too few words to generate documents from")
    return words


def text(rng: random.Random, words: list[str], low: int, high: int) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))


def load(rng: random.Random, words: list[str], articles: int, posts: int) -> float:
    """Index the generated documents through upsert_document; return seconds spent."""
    started = time.perf_counter()
    batch = 500
    for kind, count, title_words, body_words in (
        ("article", articles, (3, 8), (150, 400)),
        ("post", posts, (4, 10), (30, 150)),
    ):
        for first in range(0, count, batch):
            with db.atomic():
                for number in range(first, min(first + batch, count)):
                    # Every fourth article is the English version of the one before it,
                    # so the one-version-per-reader rule has families to work on.
                    twin = kind == "article" and number % 4 == 1
                    index.upsert_document(
                        kind,
                        f"{kind}-{number}",
                        "en" if twin else "ru",
                        text(rng, words, *title_words).capitalize(),
                        text(rng, words, *body_words),
                        f"/{kind}/{number}",
                        products=rng.sample(PRODUCTS, rng.randint(1, 2)),
                        category=rng.choice(CATEGORIES) if kind == "article" else "",
                        family=f"article-{number - 1 if twin else number}"
                        if kind == "article" and number % 4 in (0, 1)
                        else "",
                    )
    return time.perf_counter() - started


def queries(rng: random.Random, words: list[str], count: int) -> list[dict]:
    """Queries of one to three words; some still being typed, some with a filter."""
    made = []
    for _ in range(count):
        typed = " ".join(rng.choice(words).lower() for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.3:
            typed = typed[: max(3, len(typed) - rng.randint(0, 3))]  # a word half typed
        filters = rng.choice([{}, {}, {"kind": "article"}, {"product": rng.choice(PRODUCTS)}])
        made.append({"q": typed, **filters})
    return made


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def pages_per_second(client, urls: list[str], seconds: float) -> float:
    served, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        response = client.get(urls[served % len(urls)])
        assert response.status_code == 200, response.status_code
        served += 1
    return served / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10.0, help="per route, for pages/s")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the documents a previous run left in the database",
    )
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-search-"))
    url = options.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    database = open_database(url)
    database.connect()
    migrate.upgrade(database)
    database.close()
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "INSTANCE_DIR": str(workdir),
            "RATELIMIT_ENABLED": False,
            "DEMO_MODE": False,
            # The KB would withdraw generated articles that have no file in kb/.
            "KB_SYNC_ON_START": False,
        }
    )
    rng = random.Random(options.seed)
    words = vocabulary()
    with app.app_context():
        db.connect(reuse_if_open=True)
        print(f"database: {url.split('@')[-1]}")
        if not options.reuse:
            db.execute_sql("DELETE FROM search_document_product")
            db.execute_sql("DELETE FROM search_document")
            loaded = load(rng, words, options.articles, options.posts)
            documents = options.articles + options.posts
            print(f"indexed {documents} documents in {loaded:.1f} s ({documents / loaded:.0f}/s)")

        if db.obj.__class__.__name__.startswith("Postgres"):
            for table in ("search_document", "search_document_product"):
                db.execute_sql(f"ANALYZE {table}")  # planner statistics after a bulk load
        # Their own generator: a run reusing the documents asks the same queries.
        asked = queries(random.Random(options.seed + 1), words, options.queries)
        for query in asked[:20]:  # warm caches before measuring
            index.search(query["q"], language="ru", **{k: v for k, v in query.items() if k != "q"})
        timings, found = [], []
        for query in asked:
            started = time.perf_counter()
            # As /search asks for a Russian reader: one version of an article in two languages.
            filters = {k: v for k, v in query.items() if k != "q"}
            page = index.search(query["q"], language="ru", **filters)
            timings.append((time.perf_counter() - started) * 1000)
            found.append(page.total)
        print(
            f"index.search over {len(asked)} queries: median {statistics.median(timings):.1f} ms,"
            f" p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms;"
            f" median hits {statistics.median(found):.0f}"
        )
        db.close()

    client = app.test_client()
    search_urls = ["/search?" + "&".join(f"{k}={v}" for k, v in query.items()) for query in asked]
    constant = pages_per_second(client, ["/"], options.seconds)
    searching = pages_per_second(client, search_urls, options.seconds)
    print(
        f"pages/s, one thread, test client: / {constant:.0f}, /search {searching:.0f}"
        f" ({searching / constant:.0%} of the constant route)"
    )


if __name__ == "__main__":
    main()
