"""Front matter of knowledge-base files, parsed and checked with `path:line` errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml

from portal.kb.paths import LANGUAGES, SLUG_RE


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file under kb/, located by line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class KbError(Exception):
    """A knowledge-base file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class ArticleMeta:
    """The front matter every article carries."""

    title: str
    summary: str
    products: tuple[str, ...]
    versions: tuple[str, ...]
    tags: tuple[str, ...]
    updated: dt.date
    language: str
    translation: str | None
    presets: tuple[str, ...] = ()  # policy presets the article is shown under; () = every one


@dataclass(frozen=True)
class CategoryMeta:
    """The front matter of a category's `_category.md`."""

    title: str
    title_en: str
    order: int
    description_en: str | None
    presets: tuple[str, ...] = ()  # presets the category is shown under; () = every one


@dataclass(frozen=True)
class Document:
    """A file split into its front matter mapping and its Markdown body."""

    fields: dict[str, Any]
    key_lines: dict[str, int]
    body: str
    body_line: int  # file line where the body starts, to locate Markdown problems
    end_line: int  # the closing `---`, where a missing key belongs


ARTICLE_KEYS = ("title", "summary", "products", "versions", "tags", "updated", "language")


def split(text: str, path: str) -> Document:
    """Separate front matter from body; YAML errors are reported at the file's own line."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise KbError([Problem(path, 1, "front matter missing: the file must start with '---'")])
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise KbError([Problem(path, 1, "front matter is not closed by a '---' line")])
    source = "".join(lines[1:end])
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        fields = yaml.safe_load(source)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # +2: one for the opening '---', one because marks count from zero.
        line = mark.line + 2 if mark is not None else 1
        raise KbError([Problem(path, line, f"YAML: {error.problem or error.context}")]) from error
    except yaml.YAMLError as error:
        raise KbError([Problem(path, 1, f"YAML: {error}")]) from error
    if not isinstance(node, yaml.MappingNode) or not isinstance(fields, dict):
        raise KbError([Problem(path, 2, "front matter must be a mapping of keys to values")])
    key_lines = {str(key.value): key.start_mark.line + 2 for key, _value in node.value}
    body = "".join(lines[end + 1 :])
    return Document({str(k): v for k, v in fields.items()}, key_lines, body, end + 2, end + 1)


class _Checker:
    """Collects problems of one file so that all of them are reported at once."""

    def __init__(self, document: Document, path: str) -> None:
        self.document = document
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str) -> None:
        line = self.document.key_lines.get(key, self.document.end_line)
        self.problems.append(Problem(self.path, line, message))

    def text(self, key: str) -> str:
        value = self.document.fields.get(key)
        if key not in self.document.fields:
            self.fail(key, f"missing key '{key}'")
        elif not isinstance(value, str) or not value.strip():
            self.fail(key, f"'{key}' must be non-empty text")
        else:
            return value.strip()
        return ""

    def words(self, key: str) -> tuple[str, ...]:
        value = self.document.fields.get(key)
        if key not in self.document.fields:
            self.fail(key, f"missing key '{key}' (write [] when empty)")
            return ()
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, f"'{key}' must be a list, e.g. [a, b]")
            return ()
        items: list[str] = []
        for item in value:
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                # Unquoted 6.0 reads as a float and 5.20 would silently become 5.2.
                self.fail(key, f"'{key}' item {item!r} must be quoted text, e.g. \"{item}\"")
            elif not isinstance(item, str) or not item.strip():
                self.fail(key, f"'{key}' items must be non-empty text")
            else:
                items.append(item.strip())
        return tuple(items)


def parse_article(text: str, path: str, expected_language: str) -> tuple[ArticleMeta, Document]:
    """Check an article's front matter; raise KbError listing every problem."""
    document = split(text, path)
    check = _Checker(document, path)
    title, summary = check.text("title"), check.text("summary")
    products, versions, tags = check.words("products"), check.words("versions"), check.words("tags")
    for product in products:
        if not SLUG_RE.match(product):
            check.fail("products", f"product code {product!r} must be lowercase latin")
    updated = document.fields.get("updated")
    if "updated" not in document.fields:
        check.fail("updated", "missing key 'updated'")
    elif isinstance(updated, dt.datetime) or not isinstance(updated, dt.date):
        check.fail("updated", "'updated' must be a date like 2026-10-14")
    language = check.text("language")
    if language and language not in LANGUAGES:
        check.fail("language", f"'language' must be one of {', '.join(LANGUAGES)}")
    elif language and language != expected_language:
        check.fail(
            "language", f"'language' is {language} but the file name says {expected_language}"
        )
    translation = document.fields.get("translation")
    if translation is not None and (
        not isinstance(translation, str) or not translation.endswith(".md")
    ):
        check.fail("translation", "'translation' must be a path under kb/ ending in .md")
        translation = None
    presets: tuple[str, ...] = ()
    if "presets" in document.fields:
        presets = check.words("presets")
        for code in presets:
            if not SLUG_RE.match(code):
                check.fail("presets", f"preset code {code!r} must be lowercase latin")
    if check.problems:
        raise KbError(check.problems)
    meta = ArticleMeta(
        title=title,
        summary=summary,
        products=products,
        versions=versions,
        tags=tags,
        updated=updated,
        language=language,
        translation=translation.strip() if translation else None,
        presets=presets,
    )
    return meta, document


def parse_category(text: str, path: str) -> tuple[CategoryMeta, Document]:
    """Check a category's `_category.md`; raise KbError listing every problem."""
    document = split(text, path)
    check = _Checker(document, path)
    title, title_en = check.text("title"), check.text("title_en")
    order = document.fields.get("order")
    if "order" not in document.fields:
        check.fail("order", "missing key 'order'")
    elif not isinstance(order, int) or isinstance(order, bool):
        check.fail("order", "'order' must be a whole number")
    description_en = document.fields.get("description_en")
    if description_en is not None and not isinstance(description_en, str):
        check.fail("description_en", "'description_en' must be text")
    presets = check.words("presets") if "presets" in document.fields else ()
    if check.problems:
        raise KbError(check.problems)
    return CategoryMeta(title, title_en, int(order), description_en, presets), document
