"""The kb/ tree on disk: categories, article sources, and the checks of `portal kb check`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from portal.kb.frontmatter import ArticleMeta, KbError, Problem, parse_article, parse_category
from portal.kb.markdown import RenderedArticle, render_article
from portal.kb.media import confined_file, image_type_of
from portal.kb.paths import CATEGORY_FILE, SLUG_RE, ArticleAddress

# Shorter pages rarely answer a question on their own (the writers aim at 300).
MIN_WORDS = 250
# URL segments the pages use themselves (/kb/tags/..., /kb/media/...).
RESERVED_CATEGORIES = {"tags", "media"}


@dataclass(frozen=True)
class CategorySource:
    """A category folder as described by its `_category.md`."""

    slug: str
    title: str
    title_en: str
    order: int
    description: str
    description_en: str | None
    presets: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileStamp:
    """What tells a changed file from an unchanged one without reading it."""

    path: str
    mtime_ns: int
    size: int


@dataclass(frozen=True)
class ArticleSource:
    """One article file, parsed and rendered."""

    address: ArticleAddress
    meta: ArticleMeta
    rendered: RenderedArticle
    sha256: str
    stamp: FileStamp
    body_line: int
    key_lines: dict[str, int]


def _visible(path: Path) -> bool:
    return not path.name.startswith((".", "_"))


def category_folders(kb_root: Path) -> list[Path]:
    """Folders directly under kb/, one per category."""
    if not kb_root.is_dir():
        return []
    return sorted(p for p in kb_root.iterdir() if p.is_dir() and _visible(p))


def load_category(kb_root: Path, slug: str) -> CategorySource:
    """Read a category's own file; raise KbError when it is missing or wrong."""
    path = f"{slug}/{CATEGORY_FILE}"
    file = kb_root / slug / CATEGORY_FILE
    if slug in RESERVED_CATEGORIES:
        raise KbError([Problem(path, 1, f"'{slug}' is reserved for the pages' own URLs")])
    if not SLUG_RE.match(slug):
        raise KbError(
            [Problem(path, 1, "category folder name must be lowercase latin with hyphens")]
        )
    if not file.is_file():
        raise KbError([Problem(path, 1, "category has no _category.md (title, title_en, order)")])
    meta, document = parse_category(_read_text(file, path), path)
    return CategorySource(
        slug=slug,
        title=meta.title,
        title_en=meta.title_en,
        order=meta.order,
        description=document.body.strip(),
        description_en=meta.description_en,
        presets=meta.presets,
    )


def article_files(kb_root: Path) -> list[FileStamp]:
    """Every Markdown file of every category folder, with what marks a change."""
    stamps: list[FileStamp] = []
    for folder in category_folders(kb_root):
        for file in sorted(folder.glob("*.md")):
            if file.name == CATEGORY_FILE or not file.is_file() or file.name.startswith("."):
                continue
            stat = file.stat()
            stamps.append(FileStamp(f"{folder.name}/{file.name}", stat.st_mtime_ns, stat.st_size))
    return stamps


def _read_text(file: Path, path: str) -> str:
    try:
        return file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise KbError([Problem(path, 1, f"not UTF-8 text: {error.reason}")]) from error


def load_article(kb_root: Path, stamp: FileStamp,
                 site_paths: frozenset[str] = frozenset()) -> ArticleSource:
    """Parse and render one article; raise KbError with every problem of its front matter.
    Links to the portal's own pages keep their address only for `site_paths`."""
    address = ArticleAddress.from_path(stamp.path)
    if address is None:
        message = "file name must be <slug>.md or <slug>.en.md, lowercase latin with hyphens"
        raise KbError([Problem(stamp.path, 1, message)])
    raw = (kb_root / stamp.path).read_bytes()
    text = _read_text(kb_root / stamp.path, stamp.path)
    meta, document = parse_article(text, stamp.path, address.language)
    return ArticleSource(
        address=address,
        meta=meta,
        rendered=render_article(document.body, stamp.path, address.language, site_paths),
        sha256=hashlib.sha256(raw).hexdigest(),
        stamp=stamp,
        body_line=document.body_line,
        key_lines=document.key_lines,
    )


def _reference_problems(kb_root: Path, source: ArticleSource,
                        generated: frozenset[str] = frozenset()) -> list[Problem]:
    problems: list[Problem] = []
    path = source.stamp.path
    for ref in source.rendered.references:
        line = source.body_line + ref.line - 1
        if ref.target is None:
            what = (
                "image must be a file beside the article"
                if ref.kind == "image"
                else "link leaves kb/"
            )
            problems.append(Problem(path, line, f"{what}: {ref.written}"))
            continue
        if ref.kind == "article" and ref.target in generated:
            continue  # the regulation section written from the preset
        file = confined_file(kb_root, ref.target)
        if file is None:
            problems.append(Problem(path, line, f"{ref.kind} not found: {ref.written}"))
        elif ref.kind == "article" and ArticleAddress.from_path(ref.target) is None:
            problems.append(
                Problem(path, line, f"link to a file that is not an article: {ref.written}")
            )
        elif ref.kind == "image" and image_type_of(file) is None:
            problems.append(
                Problem(path, line, f"not a PNG, JPEG, GIF or WebP image: {ref.written}")
            )
    return problems


def _translation_problems(
    source: ArticleSource, sources: dict[str, ArticleSource],
    generated: frozenset[str] = frozenset(),
) -> list[Problem]:
    translation = source.meta.translation
    if translation is None:
        return []
    path = source.stamp.path
    line = source.key_lines.get("translation", 1)
    other = ArticleAddress.from_path(translation)
    if other is None or other.language == source.address.language:
        return [Problem(path, line, f"translation {translation} is not the other language's file")]
    if translation not in sources:
        return [Problem(path, line, f"translation {translation} not found (or not valid)")]
    back = sources[translation].meta.translation
    if back != path:
        return [Problem(path, line, f"translation {translation} does not link back to {path}")]
    return []


def check(kb_root: Path, generated: frozenset[str] = frozenset(),
          presets: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem of the knowledge base: front matter, links, images, translations, length.

    `generated` are the paths the regulation section writes (links to them are fine, files
    there are ignored); `presets` the preset codes an article may be limited to.
    """
    problems: list[Problem] = []
    for folder in category_folders(kb_root):
        try:
            load_category(kb_root, folder.name)
        except KbError as error:
            problems.extend(error.problems)
    sources: dict[str, ArticleSource] = {}
    for stamp in article_files(kb_root):
        try:
            sources[stamp.path] = load_article(kb_root, stamp)
        except KbError as error:
            problems.extend(error.problems)
    for path in generated & set(sources):
        problems.append(Problem(path, 1, "this path is written from the policy preset; "
                                "the file is never shown (rename or remove it)"))
    for source in sources.values():
        problems.extend(_reference_problems(kb_root, source, generated))
        unknown = [code for code in source.meta.presets if presets and code not in presets]
        if unknown:
            line = source.key_lines.get("presets", 1)
            problems.append(Problem(source.stamp.path, line, f"unknown preset {unknown[0]!r}; "
                                    f"known: {', '.join(sorted(presets))}"))
        problems.extend(_translation_problems(source, sources, generated))
        if source.rendered.word_count < MIN_WORDS:
            problems.append(
                Problem(
                    source.stamp.path,
                    source.body_line,
                    f"{source.rendered.word_count} words; an article needs at least {MIN_WORDS}",
                )
            )
    return sorted(problems, key=lambda p: (p.path, p.line, p.message))
