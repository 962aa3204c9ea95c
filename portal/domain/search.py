"""Text normalisation, stemming, safe query terms and snippets shared by the indexer and search."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

# A word is letters and digits; combining marks stay attached so a decomposed
# "й" is one word. Underscore is excluded because FTS5's unicode61 splits on it.
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u0483-\u0489])*")
_ALNUM_RUN = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z\u00c0-\u024f]")

# Longer user input is cut: nobody types 2 000 meaningful characters into a
# search box, and the term list must stay short for the database.
MAX_QUERY_CHARS = 256
MAX_QUERY_TERMS = 12
# Longer "words" are hashes, base64 or garbage; dropped on both sides alike.
MAX_WORD_CHARS = 64
# Prefix matching on one or two letters would match most of the index.
MIN_PREFIX_CHARS = 3

_RUSSIAN = Stemmer.Stemmer("russian")
_ENGLISH = Stemmer.Stemmer("english")

# Function words that carry no meaning in a support question; they are dropped
# from queries (not from the index) unless the query has nothing else.
_STOP_WORDS_TEXT = """
    а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да
    для до его ее ей если есть еще же за здесь и из или им их к как ко когда кто ли либо
    мне меня мы на над не него нее нет ни них но ну о об однако он она они оно от по под
    после при про с со так также там то тоже только тот у уже чем что чтобы эта эти это
    этот я
    a an and are as at be but by for from has have how i if in into is it its me my no
    not of on or our so than that the their them then there these they this to was we
    what when where which who why will with you your
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def fold(text: str) -> str:
    """Compatibility-normalise, case-fold and fold ``ё`` to ``е`` (FTS5 would not)."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Stem one folded word with the Snowball stemmer of its script."""
    if _CYRILLIC.search(word):
        return _RUSSIAN.stemWord(word)
    if _LATIN.search(word):
        return _ENGLISH.stemWord(word)
    return word


def _parts(word: str) -> list[str]:
    """Folded alphanumeric parts of one word (folding may split, e.g. '½' -> '1⁄2')."""
    return [part for part in _ALNUM_RUN.findall(fold(word)) if len(part) <= MAX_WORD_CHARS]


def stems(text: str) -> list[str]:
    """Stems of every word of ``text`` in order: the form stored in the index."""
    return [stem(part) for word in _WORD.findall(text) for part in _parts(word)]


def index_text(text: str) -> str:
    """Space-joined stems; identical tokens for SQLite FTS5 and PostgreSQL ``simple``."""
    return " ".join(stems(text))


@dataclass(frozen=True)
class QueryTerm:
    """One safe search term: a stem of letters and digits, maybe matched as a prefix."""

    stem: str
    prefix: bool = False

    def matches(self, word_stem: str, folded_word: str) -> bool:
        """Whether a document word (its stem and folded form) answers this term."""
        if word_stem == self.stem:
            return True
        return self.prefix and (
            word_stem.startswith(self.stem) or folded_word.startswith(self.stem)
        )


@dataclass(frozen=True)
class Query:
    """A parsed user query: only stems survive, never the raw text."""

    terms: tuple[QueryTerm, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(raw: str) -> Query:
    """Turn anything a user may type into at most ``MAX_QUERY_TERMS`` safe stems.

    The last word is a prefix term while the user may still be typing it (no
    trailing space), so search-as-you-type finds "лиценз…" before it is complete.
    """
    text = raw[:MAX_QUERY_CHARS]
    words = [part for word in _WORD.findall(text) for part in _parts(word)]
    still_typing = bool(text) and not text[-1].isspace() and bool(_WORD.search(text[-1]))
    meaningful = [word for word in words if word not in STOP_WORDS]
    # A query made only of function words ("the", "и") still searches for them.
    chosen = meaningful or words
    terms: dict[str, QueryTerm] = {}
    for position, word in enumerate(chosen):
        word_stem = stem(word)
        is_last = position == len(chosen) - 1 and chosen[-1] == (words[-1] if words else "")
        prefix = is_last and still_typing and len(word_stem) >= MIN_PREFIX_CHARS
        if word_stem in terms:
            prefix = prefix or terms[word_stem].prefix
        terms[word_stem] = QueryTerm(word_stem, prefix)
    return Query(tuple(terms.values())[:MAX_QUERY_TERMS])


def fts5_match(query: Query, any_term: bool = False) -> str:
    """An FTS5 MATCH expression of quoted terms; operators cannot be injected."""
    quoted = [
        '"' + term.stem.replace('"', '""') + '"' + ("*" if term.prefix else "")
        for term in query.terms
    ]
    return (" OR " if any_term else " ").join(quoted)


def pg_tsquery(query: Query, any_term: bool = False) -> str:
    """A ``to_tsquery('simple', ...)`` argument of quoted lexemes joined by & or |."""
    quoted = [
        "'"
        + term.stem.replace("'", "''").replace("\\", "\\\\")
        + "'"
        + (":*" if term.prefix else "")
        for term in query.terms
    ]
    return (" | " if any_term else " & ").join(quoted)


@dataclass(frozen=True)
class Segment:
    """A run of original text; ``marked`` when it is a word matching the query."""

    text: str
    marked: bool = False


def _word_matches(word: str, terms: tuple[QueryTerm, ...]) -> str | None:
    """The stem of the query term this original word answers, if any."""
    for part in _parts(word):
        part_stem = stem(part)
        for term in terms:
            if term.matches(part_stem, part):
                return term.stem
    return None


def _segments(text: str, spans: list[tuple[int, int, bool]], start: int, end: int) -> list[Segment]:
    """Cut ``text[start:end]`` into plain and marked segments along matched word spans."""
    segments: list[Segment] = []
    cursor = start
    for word_start, word_end, marked in spans:
        if not marked or word_start < start or word_end > end:
            continue
        if word_start > cursor:
            segments.append(Segment(text[cursor:word_start]))
        segments.append(Segment(text[word_start:word_end], True))
        cursor = word_end
    if cursor < end:
        segments.append(Segment(text[cursor:end]))
    return segments


def highlight(text: str, query: Query) -> list[Segment]:
    """The whole text with every word matching the query marked, as the author wrote it."""
    spans = [
        (m.start(), m.end(), _word_matches(m.group(), query.terms) is not None)
        for m in _WORD.finditer(text)
    ]
    return _segments(text, spans, 0, len(text))


def snippet(text: str, query: Query, width: int = 30) -> list[Segment]:
    """The window of ``width`` words covering the most distinct query terms, marked.

    Elided ends are shown as "…" segments. Without a match, the text's opening.
    """
    words = list(_WORD.finditer(text))
    if not words:
        return [Segment(text.strip())] if text.strip() else []
    keys = [_word_matches(m.group(), query.terms) for m in words]
    best_start, best_score = 0, (-1, -1)
    window: Counter[str] = Counter()
    for index, key in enumerate(keys):
        if key:
            window[key] += 1
        leaving = index - width
        if leaving >= 0 and keys[leaving]:
            window[keys[leaving]] -= 1
            if not window[keys[leaving]]:
                del window[keys[leaving]]
        score = (len(window), sum(window.values()))
        if score > best_score:
            best_start, best_score = max(0, index - width + 1), score
    # A window opening on a match shifts back a few words to show its context,
    # unless that would push a match out at the far end.
    context = 3
    tail = keys[max(best_start, best_start + width - context) : best_start + width]
    if keys[best_start] and not any(tail):
        best_start = max(0, best_start - context)
    last = min(best_start + width, len(words)) - 1
    start = 0 if best_start == 0 else words[best_start].start()
    end = len(text) if last == len(words) - 1 else words[last].end()
    spans = [(m.start(), m.end(), key is not None) for m, key in zip(words, keys)]
    segments = _segments(text, spans, start, end)
    if segments and not segments[0].marked:
        segments[0] = Segment(segments[0].text.lstrip())
    if segments and not segments[-1].marked:
        segments[-1] = Segment(segments[-1].text.rstrip())
    segments = [segment for segment in segments if segment.text]
    if start > 0:
        segments.insert(0, Segment("… "))
    if end < len(text):
        segments.append(Segment(" …"))
    return segments
