"""The one search index of articles and community posts: write, search and suggest."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from portal.db import db
from portal.domain.search import (
    Query,
    Segment,
    correct,
    correction_candidates,
    coverage,
    highlight,
    index_text,
    parse_query,
    snippet,
    term_weights,
    word_for,
)
from portal.search import engine
from portal.search.models import SearchDocument, SearchDocumentProduct, SearchLabel

KINDS = ("article", "post")
MAX_PER_PAGE = 50
# The engine's best this many are ordered again by the share of query words they have.
POOL = 100
# How much the share of (rarity-weighted) query words a document has moves its score.
COVERAGE_WEIGHT = 0.4


@dataclass(frozen=True)
class Facets:
    """Values the filters offer: those present in the index."""

    products: list[str]
    categories: list[str]


# Distinct values over every document cost a scan; the filters can show them a
# little late. Writes in this process refresh them at once.
FACETS_SECONDS = 30.0
_facets_cache: dict[int, tuple[float, int, Facets]] = {}
_writes = 0


@dataclass(frozen=True)
class Hit:
    """One found document; snippet and title_html are escaped text with <mark> on matches."""

    kind: str
    ref: str
    title: str
    url: str
    snippet: Markup
    score: float
    category: str = ""
    title_html: Markup = field(default_factory=Markup)
    language: str = ""


@dataclass(frozen=True)
class SearchPage:
    """One page of results; ``loose`` when no document had every word and any word was used."""

    query: str
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    loose: bool = False
    corrected: str = ""  # the query as searched when a typo was corrected

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.per_page) if self.total else 0


def upsert_document(
    kind: str,
    ref: str,
    language: str,
    title: str,
    body_text: str,
    url: str,
    products: Iterable[str] = (),
    category: str = "",
    tags: Iterable[str] = (),
    family: str = "",
    boost: float = 1.0,
    headings: Iterable[str] = (),
) -> None:
    """Index a document, replacing the one with the same (kind, ref).

    Documents sharing a non-empty ``family`` are one text in several languages:
    a search in one language shows only that version when it matches too.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown document kind: {kind!r}")
    tags = [tag for tag in tags if tag]
    values = {
        "language": language,
        "title": title,
        "body_text": body_text,
        "url": url,
        "category": category or "",
        "tags": " ".join(tags),
        "family": family,
        "boost": boost,
        "title_stems": index_text(title),
        # Headings and tags weigh between the title and the body; tags are never in a snippet.
        "heading_stems": index_text("\n".join(headings)),
        "tag_stems": index_text(" ".join(tags)),
        "body_stems": index_text(body_text),
    }
    with db.atomic():
        document = SearchDocument.get_or_none(
            (SearchDocument.kind == kind) & (SearchDocument.ref == ref)
        )
        if document is None:
            document = SearchDocument.create(kind=kind, ref=ref, **values)
        else:
            SearchDocument.update(**values).where(SearchDocument.id == document.id).execute()
            SearchDocumentProduct.delete().where(
                SearchDocumentProduct.document == document.id
            ).execute()
        unique_products = sorted({product for product in products if product})
        if unique_products:
            SearchDocumentProduct.insert_many(
                [{"document": document.id, "product": product} for product in unique_products]
            ).execute()
    _wrote()


def set_labels(facet: str, labels: dict[str, dict[str, str]]) -> None:
    """Name the values of a filter: {code: {language: name}}; other codes lose their names."""
    with db.atomic():
        SearchLabel.delete().where((SearchLabel.facet == facet)
                                   & SearchLabel.code.not_in(list(labels) or [""])).execute()
        rows = [{"facet": facet, "code": code, "language": language, "label": label[:200]}
                for code, names in labels.items() for language, label in names.items()]
        for row in rows:
            updated = (SearchLabel.update(label=row["label"])
                       .where((SearchLabel.facet == facet) & (SearchLabel.code == row["code"])
                              & (SearchLabel.language == row["language"])).execute())
            if not updated:
                SearchLabel.create(**row)


def remove_document(kind: str, ref: str) -> None:
    """Drop a document from the index; unknown documents are ignored."""
    with db.atomic():
        SearchDocument.delete().where(
            (SearchDocument.kind == kind) & (SearchDocument.ref == ref)
        ).execute()
    _wrote()


def writes() -> int:
    """How many index writes this process has made: a key for what is derived from it."""
    return _writes


def _wrote() -> None:
    """Count a write (after its commit), so cached facets are not served past it."""
    global _writes
    _writes += 1


def facets() -> Facets:
    """Distinct products and categories of indexed documents, sorted."""
    now = time.monotonic()
    cached = _facets_cache.get(id(db.obj))
    if cached and cached[0] > now and cached[1] == _writes:
        return cached[2]
    products = (
        SearchDocumentProduct.select(SearchDocumentProduct.product)
        .distinct()
        .order_by(SearchDocumentProduct.product)
    )
    categories = (
        SearchDocument.select(SearchDocument.category)
        .where(SearchDocument.category != "")
        .distinct()
        .order_by(SearchDocument.category)
    )
    found = Facets([row.product for row in products], [row.category for row in categories])
    _facets_cache.clear()
    _facets_cache[id(db.obj)] = (now + FACETS_SECONDS, _writes, found)
    return found


def indexed_refs(kind: str) -> set[str]:
    """Refs of every indexed document of a kind, so a sync can remove what vanished."""
    query = SearchDocument.select(SearchDocument.ref).where(SearchDocument.kind == kind)
    return {row.ref for row in query}


def _markup(segments: Sequence[Segment]) -> Markup:
    """Escaped text with matched words wrapped in <mark>."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(s.text) if s.marked else escape(s.text) for s in segments
    )


def _hit(row: tuple, query: Query, rank: float) -> Hit:
    """One result row with its title and snippet marked for the query."""
    _id, kind, ref, title, url, body_text, category, language = row
    return Hit(
        kind=kind,
        ref=ref,
        title=title,
        url=url,
        snippet=_markup(snippet(body_text, query)),
        score=rank,
        category=category,
        title_html=_markup(highlight(title, query)),
        language=language,
    )


def _ranked(query: Query, wanted: int, **filters) -> tuple[int, list[tuple[int, float, float]]]:
    """(documents with any query word, the best ``wanted`` as (id, score, coverage)).

    Score = the engine's weighted rank (title > headings > tags > body, every query word
    counted) × a factor from the share of the query's words the document has, each word
    weighed by how rare it is: having every word helps, yet a document far better on the
    others still wins over one that merely has an incidental word.
    """
    total, pool = engine.ranked_ids(query, max(POOL, wanted), **filters)
    hits = engine.term_hits(query.terms, [document for document, _rank in pool])
    weights = term_weights(*reversed(engine.term_counts(query.terms, _writes))) if pool else {}
    scored = []
    for document, rank in pool:
        share = coverage(query, hits[document], weights)
        scored.append((document, rank * (1 - COVERAGE_WEIGHT + COVERAGE_WEIGHT * share), share))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return total, scored[:wanted]


def _corrected(query: Query) -> Query | None:
    """The query with one-typo words replaced by the index's own words, or None."""
    known = engine.frequencies({term.stem for term in query.terms}, _writes)
    unknown = [term for term in query.terms if not known.get(term.stem)]
    candidates = {stem for term in unknown for stem in correction_candidates(term)}
    if not candidates:
        return None
    counts = {**known, **engine.frequencies(candidates, _writes)}
    fixed = {term.stem: correct(term, counts) for term in unknown}
    if not any(fixed.values()):
        return None
    return Query(tuple(fixed.get(term.stem) or term for term in query.terms))


def _shown_words(original: Query, fixed: Query, hits: list[Hit], raw: str) -> str:
    """The query as a person would read it: each corrected word as the best hit writes it."""
    words = raw.split()
    for before, after in zip(original.terms, fixed.terms, strict=True):
        if before.stem == after.stem:
            continue
        written = next((word for hit in hits for word in [word_for(after.stem, hit.title)
                        or word_for(after.stem, str(hit.snippet))] if word), after.stem)
        words = [written if word.casefold().replace("ё", "е").strip(",.?!") == before.word
                 else word for word in words]
    return " ".join(words)


def search(
    query: str,
    *,
    kind: str | None = None,
    product: str | None = None,
    category: str | None = None,
    page: int = 1,
    per_page: int = 10,
    language: str | None = None,
    exact: bool = False,
) -> SearchPage:
    """Documents with the query's words, those with all of them and the best weighted first.

    Given the reader's ``language``, a document whose version in that language also
    matches is left out, so an article is listed once. Nothing found and not ``exact``:
    a word with one typo is replaced by the index's nearest word (``corrected``).
    """
    page = max(1, page)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    parsed = parse_query(query)
    if not parsed:
        return SearchPage(query, [], 0, page, per_page)
    filters = {"kind": kind, "product": product, "category": category, "language": language}
    offset = (page - 1) * per_page
    total, ranked = _ranked(parsed, offset + per_page, **filters)
    shown, corrected = parsed, ""
    if not total and not exact:
        fixed = _corrected(parsed)
        if fixed is not None:
            total, ranked = _ranked(fixed, offset + per_page, **filters)
            shown = fixed
    rows = engine.documents([document for document, _score, _share in ranked[offset:]])
    hits = [_hit(rows[document], shown, score) for document, score, _share in ranked[offset:]
            if document in rows]
    if shown is not parsed and total:
        corrected = _shown_words(parsed, shown, hits, query)
    loose = bool(ranked) and ranked[0][2] < 1.0
    return SearchPage(query, hits, total, page, per_page, loose, corrected)


def suggest(text: str, limit: int = 5, language: str | None = None,
            kind: str | None = "article", leave_out: str = "") -> list[Hit]:
    """The documents best matching a short text (a ticket subject or a question's title being
    typed), ranked as the search page ranks: articles, or with ``kind=None`` articles and
    community questions; ``leave_out`` is the ref of the document the text comes from."""
    parsed = parse_query(text)
    if not parsed or limit < 1:
        return []
    _total, ranked = _ranked(parsed, limit + bool(leave_out), kind=kind, language=language)
    rows = engine.documents([document for document, _score, _share in ranked])
    hits = [_hit(rows[document], parsed, score) for document, score, _share in ranked
            if document in rows]
    return [hit for hit in hits if hit.ref != leave_out][:limit]
