"""The forgiving parts of search: question words, synonyms at both ends, typo correction,
weighted coverage."""
from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from portal.domain.search import (
    QueryTerm,
    Synonyms,
    correct,
    correction_candidates,
    coverage,
    index_text,
    one_edit,
    parse_query,
    stem,
    term_weights,
)


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance, written out independently of one_edit."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


@given(st.text(alphabet="абвгд", min_size=1, max_size=6))
def test_one_edit_is_exactly_the_strings_at_distance_one(word):
    edits = one_edit(word)
    assert word not in edits
    assert all(_distance(word, other) == 1 for other in edits)
    # and it misses none over the same small alphabet
    for other in ("а" + word, word[1:], word[::-1][:len(word)]):
        if _distance(word, other) == 1 and set(other) <= set("абвгдежзийклмнопрстуфхцчшщъыьэюя"):
            assert other in edits


def test_question_words_do_not_decide_a_match():
    assert [t.stem for t in parse_query("how should I add licenses").terms] == [
        stem("add"), stem("licenses")]
    assert [t.word for t in parse_query("можно ли нужно перенести лицензию ").terms] == [
        "перенести", "лицензию"]


def test_synonyms_join_at_index_and_query_time_alike():
    for left, right in (("заявка", "тикет"), ("скрин", "скриншоты"), ("эксель", "Excel"),
                        ("постгрес", "PostgreSQL"), ("техподдержка", "поддержки"),
                        ("настройка", "настроить"), ("перенос", "перенести")):
        assert index_text(left) == index_text(right), (left, right)
        assert parse_query(left + " ").terms[0].stem == index_text(right)


def test_an_exact_form_joins_only_that_form():
    synonyms = Synonyms.parse("приходят, доходят!\n# comment, ignored\nодно")
    assert synonyms.by_form == {"доходят": synonyms.by_stem[next(iter(synonyms.by_stem))]}
    assert index_text("доходят") == index_text("приходят")
    assert index_text("доходы") != index_text("приходят")  # income stays income


def test_a_typo_is_corrected_to_the_most_frequent_known_word():
    typed = QueryTerm(stem("лицнезия"), word="лицнезия")
    assert correct(typed, {stem("лицензия"): 7}).stem == stem("лицензия")
    # a known word is never corrected; short words are left alone
    assert correct(QueryTerm(stem("лицензия"), word="лицензия"), {stem("лицензия"): 1}) is None
    assert correction_candidates(QueryTerm(stem("ключ"), word="ключ")) == set()
    # the more frequent of two candidates wins
    typed = QueryTerm(stem("катлог"), word="катлог")
    counts = {"каталог": 3, "катлоп": 9, "каталоги": 50}  # the last is two edits away
    assert correct(typed, counts).stem == "катлоп"


def test_rare_words_weigh_more_in_coverage():
    query = parse_query("служба сервер ")
    weights = term_weights({stem("служба"): 2, stem("сервер"): 50, "absent": 0}, 100)
    assert weights["absent"] == 0.0
    assert math.isclose(weights[stem("служба")], math.log(51))
    with_rare = coverage(query, {stem("служба")}, weights)
    with_common = coverage(query, {stem("сервер")}, weights)
    assert with_rare > 0.5 > with_common
    assert coverage(query, {stem("служба"), stem("сервер")}, weights) == 1.0
    assert coverage(query, set()) == 0.0
