"""Text normalisation, stemming, safe query terms and snippets shared by the indexer and search."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import Stemmer

# A word is letters and digits; combining marks stay attached so a decomposed
# "й" is one word. Underscore is excluded because FTS5's unicode61 splits on it.
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u0483-\u0489])*")
_ALNUM_RUN = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")
_LAST_SPACE = re.compile(r"\s\S*\Z")
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
# How a question is asked, not what it is about: "how should I", "можно ли", "нужно".
_QUESTION_WORDS_TEXT = """
    можно нужно надо нельзя хочу хотим могу можем должен должна почему зачем какой какая
    какое какие каким какую сделать делать ли
    should can could do does did need want would possible please
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split()) | frozenset(_QUESTION_WORDS_TEXT.split())
SYNONYM_DIR = Path(__file__).with_name("synonyms")
# A word this long may carry one typo (a wrong, missing, extra or swapped letter).
TYPO_MIN_CHARS = 5


def fold(text: str) -> str:
    """Compatibility-normalise, case-fold and fold ``ё`` to ``е`` (FTS5 would not)."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def _snowball(word: str) -> str:
    if _CYRILLIC.search(word):
        return _RUSSIAN.stemWord(word)
    if _LATIN.search(word):
        return _ENGLISH.stemWord(word)
    return word


@dataclass(frozen=True)
class Synonyms:
    """Groups of words meaning one thing: each stem (or exact form) -> the group's stem."""

    by_stem: Mapping[str, str]
    by_form: Mapping[str, str]

    @classmethod
    def parse(cls, text: str) -> Synonyms:
        """One group per line, comma-separated, the first word naming it; "#" comments;
        a word ending in "!" stands only for that exact form."""
        by_stem: dict[str, str] = {}
        by_form: dict[str, str] = {}
        for line in text.splitlines():
            words = [word.strip() for word in line.split("#", 1)[0].split(",")]
            words = [word for word in words if word]
            if len(words) < 2:
                continue
            canonical = _snowball(fold(words[0]).rstrip("!"))
            for word in words:
                folded = fold(word)
                if folded.endswith("!"):
                    by_form[folded[:-1]] = canonical
                else:
                    by_stem.setdefault(_snowball(folded), canonical)
        return cls(by_stem, by_form)

    @classmethod
    def bundled(cls) -> Synonyms:
        """The lists kept in the repo (portal/domain/synonyms/*.txt)."""
        texts = [path.read_text(encoding="utf-8") for path in sorted(SYNONYM_DIR.glob("*.txt"))]
        return cls.parse("\n".join(texts))


SYNONYMS = Synonyms.bundled()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Stem one folded word with the Snowball stemmer of its script, then join it with its
    synonyms (the same at index and at query time)."""
    if word in SYNONYMS.by_form:
        return SYNONYMS.by_form[word]
    found = _snowball(word)
    return SYNONYMS.by_stem.get(found, found)


def _parts(word: str) -> list[str]:
    """Folded alphanumeric parts of one word (folding may split, e.g. '½' -> '1⁄2')."""
    return [part for part in _ALNUM_RUN.findall(fold(word)) if len(part) <= MAX_WORD_CHARS]


@lru_cache(maxsize=65536)
def _folded_stems(word: str) -> tuple[tuple[str, str], ...]:
    """(folded part, stem) of each part of one word as written; words repeat, so cached."""
    return tuple((part, stem(part)) for part in _parts(word))


def stems(text: str) -> list[str]:
    """Stems of every word of ``text`` in order: the form stored in the index."""
    return [part_stem for word in _WORD.findall(text) for _part, part_stem in _folded_stems(word)]


def index_text(text: str) -> str:
    """Space-joined stems; identical tokens for SQLite FTS5 and PostgreSQL ``simple``."""
    return " ".join(stems(text))


@dataclass(frozen=True)
class QueryTerm:
    """One safe search term: a stem of letters and digits, maybe matched as a prefix."""

    stem: str
    prefix: bool = False
    word: str = field(default="", compare=False)  # the folded word as typed, for typos

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
        terms[word_stem] = QueryTerm(word_stem, prefix, word)
    return Query(tuple(terms.values())[:MAX_QUERY_TERMS])


_ALPHABETS = ("абвгдежзийклмнопрстуфхцчшщъыьэюя", "abcdefghijklmnopqrstuvwxyz")


def one_edit(word: str) -> set[str]:
    """Every string one deleted, inserted, replaced or swapped letter away from ``word``."""
    alphabet = _ALPHABETS[0] if _CYRILLIC.search(word) else _ALPHABETS[1]
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {left + right[1:] for left, right in splits if right}
    found |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    found |= {left + letter + right[1:] for left, right in splits if right for letter in alphabet}
    found |= {left + letter + right for left, right in splits for letter in alphabet}
    found.discard(word)
    return found


def correction_candidates(term: QueryTerm) -> set[str]:
    """Stems one typo away from the typed word (or from its stem); none for short words."""
    if len(term.word) < TYPO_MIN_CHARS or not term.word.isalpha():
        return set()
    return ({stem(edited) for edited in one_edit(term.word)} | one_edit(term.stem)) - {term.stem}


def correct(term: QueryTerm, frequency: Mapping[str, int]) -> QueryTerm | None:
    """The term as the index knows it when the typed word has one typo: the candidate held
    by the most documents (ties: the alphabetically first); None when nothing fits."""
    if frequency.get(term.stem, 0):
        return None
    scored = [(frequency.get(candidate, 0), candidate)
              for candidate in correction_candidates(term)]
    best = min(((-count, candidate) for count, candidate in scored if count > 0), default=None)
    return replace(term, stem=best[1], prefix=False) if best else None


def term_weights(counts: Mapping[str, int], documents: int) -> dict[str, float]:
    """Inverse document frequency of each stem: a word few documents have says more about
    what is asked; a word no document has says nothing (weight 0)."""
    return {stem: math.log(1 + documents / count) if count else 0.0
            for stem, count in counts.items()}


def coverage(query: Query, stems_present: set[str],
             weights: Mapping[str, float] | None = None) -> float:
    """The weighted share of the query's terms a document has (a prefix term by any stem it
    starts); without weights every term counts one."""
    def weight(term: QueryTerm) -> float:
        return 1.0 if weights is None else weights.get(term.stem, 0.0)

    wanted = sum(weight(term) for term in query.terms)
    if not wanted:
        return 0.0
    found = sum(weight(term) for term in query.terms if term.stem in stems_present or (
        term.prefix and any(present.startswith(term.stem) for present in stems_present)))
    return found / wanted


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


def _matcher(terms: tuple[QueryTerm, ...]) -> Callable[[str], str | None]:
    """A function giving the stem of the query term an original word answers, if any."""
    answers: dict[str, str | None] = {}

    def term_of(word: str) -> str | None:
        if word not in answers:
            answers[word] = next(
                (
                    term.stem
                    for part, part_stem in _folded_stems(word)
                    for term in terms
                    if term.matches(part_stem, part)
                ),
                None,
            )
        return answers[word]

    return term_of


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
    term_of = _matcher(query.terms)
    spans = [(m.start(), m.end(), term_of(m.group()) is not None) for m in _WORD.finditer(text)]
    return _segments(text, spans, 0, len(text))


def _candidates(terms: tuple[QueryTerm, ...]) -> re.Pattern[str]:
    """Words that may answer a term: they start like its stem (stemmers mostly cut endings).

    A regular expression finds them in C, so long texts cost little Python work;
    each candidate is then checked exactly.
    """
    # English exceptions rewrite more than endings (dying -> die, skies -> sky): two letters.
    prefixes = sorted(
        {term.stem[: 3 if _CYRILLIC.search(term.stem) else 2] for term in terms},
        key=len,
        reverse=True,
    )
    # "ё" was folded to "е"; English stems may turn "y" into "i".
    letters = {"е": "[её]", "i": "[iy]", "y": "[iy]"}
    alternatives = ["".join(letters.get(c) or re.escape(c) for c in p) for p in prefixes]
    return re.compile(
        r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?:[^\W_]|[\u0300-\u036f\u0483-\u0489])*",
        re.IGNORECASE,
    )


def _opening(text: str, width: int) -> list[Segment]:
    """The start of the text up to a word boundary near ``width`` characters."""
    end = _word_boundary_before(text, min(width, len(text)))
    opening = text[:end].strip()
    if not opening:
        return []
    return [Segment(opening)] + ([Segment(" …")] if end < len(text) else [])


def _word_boundary_before(text: str, end: int) -> int:
    """``end`` moved back to the space before a word it would cut in two."""
    if end >= len(text) or not (text[end - 1 : end].strip() and text[end].strip()):
        return end
    space = _LAST_SPACE.search(text, 0, end)
    return space.start() if space and space.start() > 0 else end


def snippet(text: str, query: Query, width: int = 220, context: int = 40) -> list[Segment]:
    """About ``width`` characters covering the most distinct query terms, matches marked.

    The window opens ``context`` characters before its first match; elided ends
    are shown as "…" segments. Without a match, the text's opening.
    """
    if not query:
        return _opening(text, width)
    term_of = _matcher(query.terms)
    found = [
        (m.start(), m.end(), key)
        for m in _candidates(query.terms).finditer(text)
        if (key := term_of(m.group()))
    ]
    if not found:
        return _opening(text, width)
    context = min(context, width // 4)
    reach = width - context
    best, best_score = 0, (0, 0)
    window: Counter[str] = Counter()
    last = 0
    for first, (start, _end, _key) in enumerate(found):
        while last < len(found) and found[last][1] <= start + reach:
            window[found[last][2]] += 1
            last += 1
        score = (len(window), sum(window.values()))
        if score > best_score:
            best, best_score = first, score
        window[found[first][2]] -= 1
        if not window[found[first][2]]:
            del window[found[first][2]]
    anchor = found[best][0]
    start = max(0, anchor - context)
    if start:
        space = _SPACE.search(text, start, anchor)
        start = space.end() if space else anchor
    end = _word_boundary_before(text, min(len(text), anchor + reach))
    spans = [(word_start, word_end, True) for word_start, word_end, _key in found]
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


def word_for(word_stem: str, text: str) -> str | None:
    """The first word of ``text`` whose stem is ``word_stem``, as written there."""
    for match in _WORD.finditer(text):
        if any(part_stem == word_stem for _part, part_stem in _folded_stems(match.group())):
            return match.group()
    return None
