"""The search index on the configured engine: word forms, ranking, filters, safety, suggest."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.db import db
from portal.search import index

ARTICLES = [
    (
        "licensing/renewal",
        "Продление лицензии",
        "Лицензия продлевается на год.",
        ["crm"],
        "licensing",
    ),
    ("crm/updates", "Установка обновлений", "Обновление CRM ставится из консоли.", ["crm"], "crm"),
    (
        "faq/holiday",
        "Праздничный режим",
        "Ёлка стоит в офисе, поддержка работает.",
        ["desk"],
        "faq",
    ),
    ("desk/tickets", "Working with a ticket", "Every ticket has an id.", ["desk"], "desk"),
    ("docs/sharing", "Sharing documents", "Share a document by link.", ["docs"], "docs"),
]


@pytest.fixture
def indexed(app):
    with app.app_context():
        db.connect(reuse_if_open=True)
        for ref, title, body, products, category in ARTICLES:
            index.upsert_document(
                "article",
                ref,
                "ru",
                title,
                body,
                f"/kb/{ref}",
                products=products,
                category=category,
            )
        yield
        db.close()


def refs(page):
    return [hit.ref for hit in page.hits]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("лицензии", "licensing/renewal"),
        ("обновлений", "crm/updates"),
        ("елка", "faq/holiday"),
        ("tickets", "desk/tickets"),
    ],
)
def test_word_forms_are_found(indexed, typed, expected):
    assert refs(index.search(typed)) == [expected]


def test_snippet_marks_the_words_as_written_and_escapes_the_rest(indexed):
    index.upsert_document(
        "article", "x/html", "ru", "Теги", "Лицензия <script>alert(1)</script> & co", "/kb/x"
    )
    hit = next(hit for hit in index.search("лицензии <script>").hits if hit.ref == "x/html")
    assert "<mark>Лицензия</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;" in hit.snippet


def test_title_ranks_above_body(indexed):
    index.upsert_document("article", "a/body", "ru", "Разное", "Продление и продление", "/kb/b")
    index.upsert_document("article", "a/title", "ru", "Продление", "Текст статьи", "/kb/t")
    found = refs(index.search("продление "))
    assert found.index("a/title") < found.index("a/body")


def test_upsert_replaces_and_remove_deletes(indexed):
    index.upsert_document("article", "crm/updates", "ru", "Откат версии", "Откат", "/kb/u")
    assert refs(index.search("обновлений")) == []
    assert refs(index.search("откат")) == ["crm/updates"]
    index.remove_document("article", "crm/updates")
    assert refs(index.search("откат")) == []
    index.remove_document("article", "never/indexed")
    assert "crm/updates" not in index.indexed_refs("article")


def test_filters_by_kind_product_and_category(indexed):
    index.upsert_document("post", "42", "ru", "Лицензия не видна", "Вопрос", "/c/42", ["crm"])
    assert set(refs(index.search("лицензия "))) == {"licensing/renewal", "42"}
    assert refs(index.search("лицензия ", kind="post")) == ["42"]
    assert refs(index.search("лицензия ", category="licensing")) == ["licensing/renewal"]
    assert refs(index.search("лицензия ", product="desk")) == []
    index.upsert_document("post", "42", "ru", "Лицензия не видна", "Вопрос", "/c/42", ["desk"])
    assert refs(index.search("лицензия ", product="desk")) == ["42"]


def test_paging_counts_every_match(indexed):
    for number in range(23):
        index.upsert_document("post", str(number), "en", f"Backup question {number}", "", "/c")
    first = index.search("backup", kind="post", per_page=10)
    last = index.search("backup", kind="post", page=3, per_page=10)
    assert (first.total, first.pages, len(first.hits), len(last.hits)) == (23, 3, 10, 3)
    assert not set(refs(first)) & set(refs(last))


def test_all_words_first_then_any_word(indexed):
    both = index.search("продление лицензии")
    assert refs(both) == ["licensing/renewal"] and not both.loose
    either = index.search("лицензии ёлка")
    assert set(refs(either)) == {"licensing/renewal", "faq/holiday"} and either.loose


RENEWAL, HOLIDAY = "licensing/renewal", "faq/holiday"


@pytest.mark.parametrize(
    ("hostile", "found", "loose"),
    [
        # Query syntax of either engine is plain text: it neither errs nor widens the search.
        ('"', [], False),
        ('лицензия" OR "', [RENEWAL], False),
        ("AND", [], False),
        ("лицензия AND", [RENEWAL], False),
        ("*", [], False),
        ("лиценз*", [RENEWAL], False),
        # Two words no article shares: the any-word fallback, marked as such.
        ("NEAR(лицензия ёлка)", [RENEWAL, HOLIDAY], True),
        ("-лицензия", [RENEWAL], False),  # no NOT: the word is searched for
        ("лицензия:", [RENEWAL], False),  # no column filter
        ("\x00\x1b[31m", [], False),
        ("'", [], False),
        ("\\", [], False),
        ("лицензия " * 400, [RENEWAL], False),
        ("", [], False),
    ],
)
def test_hostile_queries_answer_sensibly(indexed, hostile, found, loose):
    page = index.search(hostile)
    assert (refs(page), page.total, page.loose) == (found, len(found), loose)
    # The index is intact afterwards.
    assert refs(index.search("ёлка")) == [HOLIDAY]


def test_suggest_offers_articles_for_a_ticket_subject(indexed):
    index.upsert_document("post", "7", "ru", "Продление лицензии", "Как?", "/c/7")
    suggested = index.suggest("Не получается продлить лицензию", limit=3)
    assert [hit.kind for hit in suggested] == ["article"] * len(suggested)
    assert suggested[0].ref == "licensing/renewal"
    assert index.suggest("", limit=3) == []


def test_a_page_past_the_end_is_empty_but_counts(indexed):
    beyond = index.search("лицензии", page=5)
    assert (beyond.hits, beyond.total, beyond.pages) == ([], 1, 1)


def test_filters_combine(indexed):
    index.upsert_document("post", "9", "ru", "Лицензия", "", "/c/9", ["crm"], "licensing")
    found = index.search("лицензия ", kind="article", category="licensing", product="crm")
    assert refs(found) == ["licensing/renewal"]
    assert refs(index.search("лицензия ", kind="post", category="licensing")) == ["9"]
    assert refs(index.search("лицензия ", category="licensing", product="desk")) == []


def test_facets_follow_writes(indexed):
    assert index.facets() == index.Facets(
        ["crm", "desk", "docs"], ["crm", "desk", "docs", "faq", "licensing"]
    )
    index.upsert_document("post", "5", "en", "New", "", "/c/5", ["mail"], "regulation")
    assert "mail" in index.facets().products
    index.remove_document("post", "5")
    assert "regulation" not in index.facets().categories


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=300))
def test_any_typed_text_is_answered_by_the_engine(indexed, typed):
    page = index.search(typed, kind="article")
    assert page.total >= len(page.hits)
    # The reader's language adds a second full-text lookup: it takes any text too.
    russian = index.search(typed, language="ru")
    assert russian.total >= len(russian.hits)
    index.suggest(typed, language="en")


def test_mixed_letters_and_digits_match_on_both_engines(indexed):
    index.upsert_document("article", "x/1c", "ru", "Ошибка 1С: v8.3 и e-mail", "Код LIC-006.", "/x")
    for typed in ("1с v8 ", "E-MAIL", "lic-006 ", "V8.3"):
        assert refs(index.search(typed)) == ["x/1c"], typed


@pytest.fixture
def translated(indexed):
    """One article in two languages (a family) and a Russian article without a translation."""
    for ref, language, title, body in (
        ("regulation/sla.md", "ru", "Сроки SLA", "Первый ответ по обращению P1."),
        ("regulation/sla.en.md", "en", "SLA targets", "First response to a P1 ticket."),
    ):
        index.upsert_document(
            "article", ref, language, title, body, f"/kb/{ref}", family="regulation/sla.md"
        )
    index.upsert_document("article", "faq/p1.md", "ru", "Про P1", "P1 и SLA.", "/kb/faq/p1")


def test_a_reader_sees_the_version_in_their_language(translated):
    assert set(refs(index.search("SLA ", language="ru"))) == {"regulation/sla.md", "faq/p1.md"}
    assert set(refs(index.search("SLA ", language="en"))) == {"regulation/sla.en.md", "faq/p1.md"}
    assert index.search("SLA ", language="ru").total == 2
    # Without a language every version is listed.
    assert len(refs(index.search("SLA "))) == 3


def test_the_other_version_is_listed_when_only_it_matches(translated):
    assert refs(index.search("targets", language="ru")) == ["regulation/sla.en.md"]
    assert refs(index.search("обращения", language="en")) == ["regulation/sla.md"]
    # Any-word search (no document has both words) keeps the rule.
    loose = index.search("targets обращения", language="ru")
    assert loose.loose and refs(loose) == ["regulation/sla.md"]


def test_suggest_prefers_the_readers_language(translated):
    suggested = index.suggest("SLA P1", limit=5, language="en")
    assert "regulation/sla.en.md" in refs_of(suggested)
    assert "regulation/sla.md" not in refs_of(suggested)


def refs_of(hits):
    return [hit.ref for hit in hits]
