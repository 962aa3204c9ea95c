"""Normalisation, stemming, safe query terms and snippets of portal.domain.search."""

import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.domain.search import (
    MAX_QUERY_TERMS,
    Query,
    QueryTerm,
    fold,
    fts5_match,
    highlight,
    index_text,
    parse_query,
    pg_tsquery,
    snippet,
    stems,
)

RUSSIAN_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
words = st.text(
    alphabet=RUSSIAN_LETTERS + "abcdefghijklmnopqrstuvwxyzABCXYZ", min_size=1, max_size=12
)
sentences = st.lists(words, min_size=1, max_size=12).map(" ".join)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("лицензии", "лицензия"),
        ("обновлений", "обновление"),
        ("елка", "ёлка"),
        ("ЁЛКИ", "ёлка"),
        ("tickets", "ticket"),
        ("Licenses", "license"),
    ],
)
def test_word_forms_share_one_stem(typed, written):
    assert stems(typed) == stems(written)


def test_different_words_keep_different_stems():
    assert stems("лицензия") != stems("обновление")
    assert stems("ticket") != stems("tick")


def test_fold_folds_yo_and_case():
    assert fold("ЁЛКА Ёж") == "елка еж"


def test_index_text_drops_punctuation_underscores_and_control_characters():
    assert index_text("CRM_desk: v2.1\x00ошибка!") == "crm desk v2 1 ошибк"


def test_decomposed_letters_stem_like_composed_ones():
    decomposed = "и\u0306од"  # "йод" with a combining breve
    assert stems(decomposed) == stems("йод")


def test_query_drops_stop_words_but_keeps_a_query_made_only_of_them():
    assert [t.stem for t in parse_query("как продлить лицензию ").terms] == ["продл", "лиценз"]
    assert [t.stem for t in parse_query("the ").terms] == ["the"]


def test_last_word_is_a_prefix_only_while_being_typed():
    assert parse_query("лиценз").terms == (QueryTerm("лиценз", prefix=True),)
    assert parse_query("лиценз ").terms == (QueryTerm("лиценз", prefix=False),)
    # Too short a prefix would match most of the index.
    assert parse_query("ab").terms == (QueryTerm("ab", prefix=False),)


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        'a" OR "b',
        "AND",
        "x AND y",
        "*",
        "ab*",
        "NEAR(a b)",
        "-x",
        "a:b",
        "'; drop",
        "\x00\x07",
    ],
)
def test_hostile_queries_become_plain_terms(hostile):
    match = fts5_match(parse_query(hostile))
    assert re.fullmatch(r'(?:"[^\W_]+"\*?(?: "[^\W_]+"\*?)*)?', match)


def test_long_queries_are_cut_to_a_few_terms():
    query = parse_query(" ".join(f"слово{i}" for i in range(1000)))
    assert len(query.terms) == MAX_QUERY_TERMS
    assert query.terms[0].stem == "слово0"


def test_pg_tsquery_quotes_and_joins_lexemes():
    query = Query((QueryTerm("лиценз"), QueryTerm("tick", prefix=True)))
    assert pg_tsquery(query) == "'лиценз' & 'tick':*"
    assert pg_tsquery(query, any_term=True) == "'лиценз' | 'tick':*"
    assert fts5_match(query, any_term=True) == '"лиценз" OR "tick"*'


def test_highlight_marks_the_words_as_the_author_wrote_them():
    segments = highlight("Ёлка & <лицензия>", parse_query("елки лицензии "))
    assert [(s.text, s.marked) for s in segments] == [
        ("Ёлка", True),
        (" & <", False),
        ("лицензия", True),
        (">", False),
    ]


def test_snippet_chooses_the_window_with_most_query_words():
    text = " ".join(["вода"] * 50 + ["продление", "лицензии", "на", "год"] + ["вода"] * 50)
    segments = snippet(text, parse_query("продление лицензия "), width=60)
    marked = [s.text for s in segments if s.marked]
    assert marked == ["продление", "лицензии"]
    assert segments[0].text == "… " and segments[-1].text == " …"


def test_snippet_without_match_is_the_opening():
    segments = snippet("Первые слова статьи. " * 20, parse_query("ticket "), width=30)
    assert segments[0].text.startswith("Первые слова")
    assert not any(s.marked for s in segments)


@given(sentences)
def test_yo_and_case_never_change_the_index(text):
    assert index_text(text.replace("е", "ё").upper()) == index_text(text.replace("ё", "е").lower())


@given(st.text(max_size=300))
def test_highlight_keeps_the_text_intact(text):
    query = parse_query(text[:20])
    assert "".join(s.text for s in highlight(text, query)) == text


@given(st.text(max_size=300), st.text(max_size=40))
def test_snippet_is_a_piece_of_the_text_with_only_matching_words_marked(text, typed):
    query = parse_query(typed)
    segments = snippet(text, query, width=40)
    body = "".join(s.text for s in segments).removeprefix("… ").removesuffix(" …")
    assert body in text
    for segment in segments:
        if segment.marked:
            assert any(
                term.matches(word_stem, word_stem) or word_stem.startswith(term.stem)
                for term in query.terms
                for word_stem in stems(segment.text)
            )


@settings(max_examples=200)
@given(st.text(max_size=400))
def test_any_input_gives_a_valid_fts5_query(typed):
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
    connection.execute("INSERT INTO t VALUES ('x', 'y')")
    query = parse_query(typed)
    assert len(query.terms) <= MAX_QUERY_TERMS
    for any_term in (False, True):
        match = fts5_match(query, any_term)
        if match:
            connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()
    connection.close()


@pytest.mark.parametrize(
    ("typed", "written"), [("die", "dying"), ("sky", "skies"), ("ёлки", "ЕЛКА")]
)
def test_snippet_marks_words_whose_stem_changed_their_opening(typed, written):
    segments = snippet(f"Before {written} after.", parse_query(typed + " "))
    assert [s.text for s in segments if s.marked] == [written]


def test_snippet_keeps_near_its_width():
    text = " ".join(["лицензия", "и", "поддержка"] * 200)
    body = "".join(s.text for s in snippet(text, parse_query("поддержка "), width=120))
    assert 60 <= len(body) <= 130


@given(
    st.lists(
        st.sampled_from(["лицензия", "лицензии", "ёлка", "ticket", "tickets", "вода"]) | words,
        max_size=80,
    ).map(" ".join),
    st.sampled_from(["лицензии ", "елка", "ticket", "лиценз"]),
)
def test_snippet_marks_every_matching_word_it_shows(text, typed):
    query = parse_query(typed)
    for segment in snippet(text, query, width=80):
        if not segment.marked:
            assert not any(s.marked for s in highlight(segment.text, query)), segment
