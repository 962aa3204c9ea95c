"""Front matter of kb/ files: values read, every problem reported at its file line."""

import datetime as dt

import pytest

from portal.kb.frontmatter import KbError, parse_article, parse_category

GOOD = """---
title: Приоритеты обращений
summary: Как выбрать приоритет.
products: [crm, desk]
versions: ["6.0", "5.2"]
tags: [приоритеты, регламент]
updated: 2026-10-14
language: ru
translation: regulation/priorities.en.md
---
Body starts here.
"""


def problems_of(text: str, language: str = "ru") -> list[str]:
    with pytest.raises(KbError, match=r"^regulation/priorities\.md") as caught:
        parse_article(text, "regulation/priorities.md", language)
    return [str(problem) for problem in caught.value.problems]


def test_reads_every_field_and_where_the_body_starts():
    meta, document = parse_article(GOOD, "regulation/priorities.md", "ru")
    assert meta.title == "Приоритеты обращений"
    assert meta.products == ("crm", "desk")
    assert meta.versions == ("6.0", "5.2")
    assert meta.tags == ("приоритеты", "регламент")
    assert meta.updated == dt.date(2026, 10, 14)
    assert meta.translation == "regulation/priorities.en.md"
    assert document.body == "Body starts here.\n"
    assert document.body_line == 11


def test_translation_may_be_left_out_and_lists_may_be_empty():
    text = GOOD.replace("translation: regulation/priorities.en.md\n", "").replace(
        "[crm, desk]", "[]"
    )
    meta, _ = parse_article(text, "regulation/priorities.md", "ru")
    assert meta.translation is None
    assert meta.products == ()


def test_yaml_error_is_reported_at_the_file_line():
    broken = GOOD.replace("tags: [приоритеты, регламент]", "tags: [приоритеты, регламент")
    (message,) = problems_of(broken)
    # The unclosed list is noticed on the following line of the file (line 7, 'updated').
    assert message.startswith("regulation/priorities.md:7: YAML:")


def test_bad_indentation_points_at_its_line():
    broken = GOOD.replace("summary: Как выбрать приоритет.", "summary: Как выбрать: приоритет.")
    (message,) = problems_of(broken)
    assert message.startswith("regulation/priorities.md:3: YAML:")


def test_every_problem_of_a_file_is_listed_with_its_line():
    broken = (
        GOOD.replace('["6.0", "5.2"]', "[6.0]")
        .replace("updated: 2026-10-14", "updated: yesterday")
        .replace("title: Приоритеты обращений\n", "")
    )
    assert problems_of(broken) == [
        "regulation/priorities.md:9: missing key 'title'",
        "regulation/priorities.md:4: 'versions' item 6.0 must be quoted text, e.g. \"6.0\"",
        "regulation/priorities.md:6: 'updated' must be a date like 2026-10-14",
    ]


def test_language_must_match_the_file_name():
    (message,) = problems_of(GOOD, language="en")
    assert message == "regulation/priorities.md:8: 'language' is ru but the file name says en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: x\n",
            "regulation/priorities.md:1: front matter missing: the file must start with '---'",
        ),
        (
            "---\ntitle: x\n",
            "regulation/priorities.md:1: front matter is not closed by a '---' line",
        ),
        (
            "---\n- a\n- b\n---\n",
            "regulation/priorities.md:2: front matter must be a mapping of keys to values",
        ),
    ],
)
def test_shape_errors(text, expected):
    assert problems_of(text) == [expected]


def test_category_file():
    meta, document = parse_category(
        "---\ntitle: Регламент\ntitle_en: Regulation\norder: 1\n---\nОписание.\n",
        "regulation/_category.md",
    )
    assert (meta.title, meta.title_en, meta.order) == ("Регламент", "Regulation", 1)
    assert document.body.strip() == "Описание."


def test_category_order_must_be_a_number():
    with pytest.raises(KbError, match="'order' must be a whole number") as caught:
        parse_category("---\ntitle: Р\ntitle_en: R\norder: first\n---\n", "r/_category.md")
    assert str(caught.value) == "r/_category.md:4: 'order' must be a whole number"
