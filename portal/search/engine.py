"""Full-text SQL per engine: FTS5 and bm25 on SQLite, tsvector and ts_rank on PostgreSQL.

Ranking is in two steps (index.py): the engine ranks every document with any query word by
its weighted columns (title > headings > tags > body) times the document's boost, and gives a
pool of the best ids; then the share of query words each one has is counted per word with the
engine's own index, and the pool is ordered again. Wide columns are read for one page only.
"""

from __future__ import annotations

import time

from portal.db import db, is_postgres
from portal.domain.search import Query, QueryTerm, fts5_match, pg_tsquery

# bm25 weights of the FTS5 columns (title, headings, tags, body). PostgreSQL gets the same
# order from weights A-D, which ts_rank counts 1.0, 0.4, 0.2 and 0.1.
COLUMN_WEIGHTS = (10.0, 5.0, 3.0, 1.0)
# PostgreSQL has no vocabulary table: its word counts (ts_stat) are read at most this often.
VOCABULARY_SECONDS = 600.0
_vocabulary: dict[int, tuple[float, int, dict[str, int]]] = {}
# How many documents hold a term changes slowly and only weighs terms: kept this long.
COUNTS_SECONDS = 120.0
_counts: dict[int, tuple[float, int, dict, int]] = {}


def _filters(
    kind: str | None, product: str | None, category: str | None, document_id: str | None = None
) -> tuple[str, list]:
    """SQL conditions and parameters of the filters.

    On ``d`` directly, or, given ``document_id``, as id sets that keep SQLite away
    from reading every matched document row.
    """
    p = db.param
    document_conditions, params = [], []
    if kind:
        document_conditions.append(f"d.kind = {p}")
        params.append(kind)
    if category:
        document_conditions.append(f"d.category = {p}")
        params.append(category)
    conditions = []
    if document_conditions and document_id:
        conditions.append(
            f"{document_id} IN (SELECT d.id FROM search_document AS d"
            f" WHERE {' AND '.join(document_conditions)})"
        )
    else:
        conditions.extend(document_conditions)
    if product:
        conditions.append(
            f"{document_id or 'd.id'} IN (SELECT p.document_id FROM search_document_product AS p"
            f" WHERE p.product = {p})"
        )
        params.append(product)
    return "".join(f" AND {condition}" for condition in conditions), params


def _other_versions(document_id: str, own_matches: str, language: str) -> tuple[str, list]:
    """A condition leaving out documents whose version in ``language`` matches as well.

    Only documents with a family are looked at (``> ''`` so the (family, language)
    index serves both lookups); ``own_matches`` tests ``own`` against the full-text
    query in the engine's cheapest way.
    """
    p = db.param
    condition = (
        f" AND {document_id} NOT IN (SELECT other.id FROM search_document AS other"
        f" WHERE other.family > '' AND other.language <> {p} AND other.family IN"
        f" (SELECT own.family FROM search_document AS own WHERE own.family > ''"
        f" AND own.language = {p} AND {own_matches}))"
    )
    return condition, [language, language]


def ranked_ids(
    query: Query,
    limit: int,
    kind: str | None = None,
    product: str | None = None,
    category: str | None = None,
    language: str | None = None,
) -> tuple[int, list[tuple[int, float]]]:
    """(how many documents have any query word, the best ``limit`` as (id, rank)).

    Given ``language``, other-language versions are dropped where that one matches.
    """
    p = db.param
    if is_postgres():
        conditions, params = _filters(kind, product, category)
        source = f"search_document AS d, to_tsquery('simple', {p}) AS q(query)"
        document_id, rank = "d.id", "ts_rank(d.search_vector, q.query) * d.boost"
        match = pg_tsquery(query, any_term=True)
        if language:
            # The GIN index and the family index are combined (BitmapAnd).
            own_matches = f"own.search_vector @@ to_tsquery('simple', {p})"
            condition, extra = _other_versions(document_id, own_matches, language)
            conditions, params = conditions + condition, [*params, *extra, match]
        where = f"d.search_vector @@ q.query{conditions}"
        rows = db.execute_sql(
            f"SELECT {document_id}, {rank}, COUNT(*) OVER () FROM {source} WHERE {where}"
            f" ORDER BY 2 DESC, 1 LIMIT {p}", [match, *params, limit]).fetchall()
        return (rows[0][2] if rows else 0), [(row[0], float(row[1])) for row in rows]
    document_id = "search_document_fts.rowid"
    # The unary + hides rowid from the planner: an FTS5 lookup by rowid would
    # re-run the full-text query once for every id of a filter.
    conditions, params = _filters(kind, product, category, "+" + document_id)
    source = "search_document_fts"
    weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
    rank = (f"-bm25(search_document_fts, {weights})"
            " * (SELECT b.boost FROM search_document AS b WHERE b.id = search_document_fts.rowid)")
    match = fts5_match(query, any_term=True)
    if language:
        # FTS5 refuses an alias left of MATCH; the inner name shadows the outer one.
        # "+own.id": otherwise SQLite reads a row for every match instead of
        # scanning the few documents that have a family.
        own_matches = (
            "+own.id IN (SELECT rowid FROM search_document_fts"
            f" WHERE search_document_fts MATCH {p})"
        )
        condition, extra = _other_versions("+" + document_id, own_matches, language)
        conditions, params = conditions + condition, [*params, *extra, match]
    where = f"search_document_fts MATCH {p}{conditions}"
    # FTS5 counts from its index alone, far cheaper than ranking.
    total = db.execute_sql(f"SELECT COUNT(*) FROM {source} WHERE {where}",
                           [match, *params]).fetchone()[0]
    if not total:
        return 0, []
    rows = db.execute_sql(
        f"SELECT {document_id}, {rank} AS rank FROM {source} WHERE {where}"
        f" ORDER BY rank DESC, {document_id} LIMIT {p}", [match, *params, limit]).fetchall()
    return total, [(row[0], float(row[1])) for row in rows]


def term_hits(terms: tuple[QueryTerm, ...], ids: list[int]) -> dict[int, set[str]]:
    """For each of ``ids``, the stems of the query terms it has (one index lookup per term)."""
    found: dict[int, set[str]] = {document: set() for document in ids}
    if not ids or not terms:
        return found
    p = db.param
    marks = ", ".join([p] * len(ids))
    for term in terms:
        single = Query((term,))
        if is_postgres():
            sql = (f"SELECT id FROM search_document WHERE id IN ({marks})"
                   f" AND search_vector @@ to_tsquery('simple', {p})")
            params = [*ids, pg_tsquery(single)]
        else:
            sql = (f"SELECT rowid FROM search_document_fts WHERE search_document_fts MATCH {p}"
                   f" AND rowid IN ({marks})")
            params = [fts5_match(single), *ids]
        for (document,) in db.execute_sql(sql, params).fetchall():
            found[document].add(term.stem)
    return found


def term_counts(terms: tuple[QueryTerm, ...], writes: int = 0) -> tuple[int, dict[str, int]]:
    """(documents in the index, how many of them have each term): counted by the index, and
    remembered for a while (they only weigh terms; writes in this process refresh them)."""
    now = time.monotonic()
    key = id(db.obj)
    cached = _counts.get(key)
    if not cached or cached[0] < now or cached[1] != writes:
        cached = (now + COUNTS_SECONDS, writes, {}, _document_count())
        _counts.clear()
        _counts[key] = cached
    known = cached[2]
    for term in terms:
        if (term.stem, term.prefix) not in known:
            known[(term.stem, term.prefix)] = _term_count(term)
    return cached[3], {term.stem: known[(term.stem, term.prefix)] for term in terms}


def _document_count() -> int:
    return db.execute_sql("SELECT COUNT(*) FROM search_document").fetchone()[0]


def _term_count(term: QueryTerm) -> int:
    single = Query((term,))
    if is_postgres():
        sql = f"SELECT COUNT(*) FROM search_document WHERE search_vector @@ to_tsquery('simple', {db.param})"
        return db.execute_sql(sql, [pg_tsquery(single)]).fetchone()[0]
    sql = f"SELECT COUNT(*) FROM search_document_fts WHERE search_document_fts MATCH {db.param}"
    return db.execute_sql(sql, [fts5_match(single)]).fetchone()[0]


def documents(ids: list[int]) -> dict[int, tuple]:
    """id -> (id, kind, ref, title, url, body_text, category, language) of those documents."""
    if not ids:
        return {}
    marks = ", ".join([db.param] * len(ids))
    rows = db.execute_sql(
        "SELECT id, kind, ref, title, url, body_text, category, language FROM search_document"
        f" WHERE id IN ({marks})", ids).fetchall()
    return {row[0]: row for row in rows}


def frequencies(stems: set[str], writes: int) -> dict[str, int]:
    """How many documents hold each stem (0 for unknown ones): the index's own vocabulary."""
    if not stems:
        return {}
    if is_postgres():
        now = time.monotonic()
        cached = _vocabulary.get(id(db.obj))
        if not cached or cached[0] < now or cached[1] != writes:
            rows = db.execute_sql(
                "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM search_document')")
            _vocabulary.clear()
            cached = (now + VOCABULARY_SECONDS, writes, dict(rows.fetchall()))
            _vocabulary[id(db.obj)] = cached
        return {stem: cached[2].get(stem, 0) for stem in stems}
    wanted = sorted(stems)
    marks = ", ".join([db.param] * len(wanted))
    rows = db.execute_sql(
        f"SELECT term, doc FROM search_document_vocab WHERE term IN ({marks})", wanted)
    known = dict(rows.fetchall())
    return {stem: known.get(stem, 0) for stem in stems}
