"""Snippets and highlighting of the search domain, each expectation worked out from the rules
in portal/domain/search.py: the window with the most distinct terms, cut at word boundaries."""

from portal.domain.search import parse_query, snippet

FILLER = " ".join(["word"] * 30)


def parts(text: str, query: str, **size) -> list[tuple[str, bool]]:
    return [(segment.text, segment.marked) for segment in snippet(text, parse_query(query), **size)]


def test_the_window_with_the_most_distinct_terms_wins_over_the_first_match():
    # "backup" alone opens the text; 163 characters later "backup and restore" has both.
    text = "backup first. " + FILLER + " then backup and restore together. " + FILLER
    assert parts(text, "backup restore", width=60, context=10) == [
        ("… ", False), ("then ", False), ("backup", True), (" and ", False),
        ("restore", True), (" together. word word word word", False), (" …", False)]


def test_the_same_term_twice_does_not_beat_the_first_window():
    text = "Лицензия продлевается на год. Лицензии покупают заранее."
    assert parts(text, "лицензии", width=40, context=5) == [
        ("Лицензия", True), (" продлевается на год.", False), (" …", False)]


def test_word_forms_are_marked_as_written():
    assert parts("Ёлка и ёлки: ЕЛКА стоит.", "елка") == [
        ("Ёлка", True), (" и ", False), ("ёлки", True), (": ", False), ("ЕЛКА", True),
        (" стоит.", False)]
    assert parts("skies and the sky are dying", "sky die") == [
        ("skies", True), (" and the ", False), ("sky", True), (" are ", False),
        ("dying", True)]


def test_without_a_match_the_opening_is_cut_at_a_word_boundary():
    assert parts("short text", "nothing") == [("short text", False)]
    assert parts("exactly ten", "zzz", width=11) == [("exactly ten", False)]
    assert parts("a verylongwordwithoutspaces here", "zzz", width=10) == [
        ("a", False), (" …", False)]
    assert parts(" leading space then words", "zzz", width=8) == [
        ("leading", False), (" …", False)]
    assert parts("   ", "zzz") == []
