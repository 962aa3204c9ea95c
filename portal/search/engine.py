"""Full-text SQL per engine: FTS5 and bm25 on SQLite, tsvector and ts_rank on PostgreSQL."""

from __future__ import annotations

from portal.db import db, is_postgres
from portal.domain.search import Query, fts5_match, pg_tsquery

# bm25 weights of the FTS5 columns (title_stems, body_stems): a title word counts
# ten times a body word. PostgreSQL gets the same order from weights A and B.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0


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


def select_ranked(
    query: Query,
    any_term: bool,
    limit: int,
    offset: int,
    kind: str | None = None,
    product: str | None = None,
    category: str | None = None,
    language: str | None = None,
) -> tuple[int, list[tuple]]:
    """Run the engine's full-text query: (total, rows of id, kind, ref, title, url, body, ...).

    Only ids and ranks are sorted; the wide columns are read for the one page shown.
    Given ``language``, other-language versions are dropped where that one matches.
    """
    p = db.param
    if is_postgres():
        conditions, params = _filters(kind, product, category)
        source = f"search_document AS d, to_tsquery('simple', {p}) AS q(query)"
        document_id, rank = "d.id", "ts_rank(d.search_vector, q.query) * d.boost"
        match = pg_tsquery(query, any_term)
        if language:
            # The GIN index and the family index are combined (BitmapAnd).
            own_matches = f"own.search_vector @@ to_tsquery('simple', {p})"
            condition, extra = _other_versions(document_id, own_matches, language)
            conditions, params = conditions + condition, [*params, *extra, match]
        where = f"d.search_vector @@ q.query{conditions}"
        # Each matched row is read from the heap anyway to rank it: counting in the
        # same pass (a window) saves a second visit of every row.
        total_column, total = ", COUNT(*) OVER () AS total", None
    else:
        document_id = "search_document_fts.rowid"
        # The unary + hides rowid from the planner: an FTS5 lookup by rowid would
        # re-run the full-text query once for every id of a filter.
        conditions, params = _filters(kind, product, category, "+" + document_id)
        source = "search_document_fts"
        rank = (f"-bm25(search_document_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})"
                " * (SELECT b.boost FROM search_document AS b"
                " WHERE b.id = search_document_fts.rowid)")
        match = fts5_match(query, any_term)
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
        # FTS5 counts from its index alone, far cheaper than ranking; and bm25()
        # may not share a query level with a window function.
        total_column, total = "", _count(source, where, [match, *params])
        if not total or offset >= total:
            return total, []
    ranked = (
        f"SELECT {document_id} AS id, {rank} AS rank{total_column} FROM {source}"
        f" WHERE {where} ORDER BY rank DESC, {document_id} LIMIT {p} OFFSET {p}"
    )
    cursor = db.execute_sql(
        "SELECT d.id, d.kind, d.ref, d.title, d.url, d.body_text, d.category, d.language,"
        " page.rank"
        f"{', page.total' if total is None else ''}"
        f" FROM ({ranked}) AS page JOIN search_document AS d ON d.id = page.id"
        " ORDER BY page.rank DESC, d.id",
        [match, *params, limit, offset],
    )
    rows = cursor.fetchall()
    if total is not None:
        return total, rows
    if rows:
        return rows[0][-1], [row[:-1] for row in rows]
    # A page past the end still reports how many documents matched.
    return (_count(source, where, [match, *params]) if offset else 0), []


def _count(source: str, where: str, params: list) -> int:
    return db.execute_sql(f"SELECT COUNT(*) FROM {source} WHERE {where}", params).fetchone()[0]
