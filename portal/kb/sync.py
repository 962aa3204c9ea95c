"""Keeping the article index in the database in step with the files of kb/."""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import IntegrityError

from portal.clock import utc_now
from portal.db import db
from portal.domain.policy import Policy
from portal.kb.catalog import (
    ArticleSource,
    CategorySource,
    FileStamp,
    article_files,
    category_folders,
    load_article,
    load_category,
)
from portal.kb.frontmatter import ArticleMeta, KbError, Problem
from portal.kb.markdown import RENDERER_VERSION, render_article
from portal.kb.models import KbArticle, KbArticleTag, KbCategory
from portal.kb.paths import DEFAULT_LANGUAGE, ArticleAddress
from portal.kb.regulation import CATEGORY, CATEGORY_TITLE, GeneratedArticle, regulation_articles
from portal.search import index

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    """What one sync changed, and the files it had to skip."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def _publish(article: KbArticle, source: ArticleSource) -> None:
    index.upsert_document(
        kind="article",
        ref=article.path,
        language=article.language,
        title=article.title,
        body_text=f"{article.summary}\n{article.body_text}",
        url=article.url,
        products=list(source.meta.products),
        category=article.category,
        tags=list(source.meta.tags),
        family=_family(source),
        headings=source.rendered.headings,
    )


def _family(source: ArticleSource) -> str:
    """The path of the Russian version: one article's versions share it in the search index."""
    address = source.address
    if address.language == DEFAULT_LANGUAGE:
        return address.path
    russian = ArticleAddress(address.category, address.slug, DEFAULT_LANGUAGE)
    return source.meta.translation or russian.path


def _withdraw(path: str) -> None:
    index.remove_document("article", path)


def _sync_categories(kb_root: Path, report: SyncReport, policy: Policy | None = None) -> set[str]:
    """Store the categories of kb/ (those of the policy's preset); the slugs left out."""
    generated = policy is not None
    found: dict[str, CategorySource] = {}
    excluded: set[str] = set()
    for folder in category_folders(kb_root):
        try:
            source = load_category(kb_root, folder.name)
        except KbError as error:
            report.problems.extend(error.problems)
            continue
        if policy is not None and source.presets and policy.code not in source.presets:
            excluded.add(folder.name)  # another vendor's category, with all its articles
        else:
            found[folder.name] = source
    if generated and CATEGORY not in found:
        # The regulation section is written from the policy even without a folder of its own.
        found[CATEGORY] = CategorySource(CATEGORY, CATEGORY_TITLE["ru"], CATEGORY_TITLE["en"],
                                         1, "", None)
    known = {row.slug: row for row in KbCategory.select()}
    for slug, source in found.items():
        values = {
            "title": source.title,
            "title_en": source.title_en,
            "position": source.order,
            "description": source.description,
            "description_en": source.description_en or "",
        }
        row = known.get(slug)
        if row is None:
            try:
                with db.atomic():
                    KbCategory.create(slug=slug, **values)
            except IntegrityError:
                log.info("kb: category %s was stored concurrently", slug)
        elif any(getattr(row, key) != value for key, value in values.items()):
            KbCategory.update(**values).where(KbCategory.id == row.id).execute()
    gone = [slug for slug in known if slug not in found
            and (slug in excluded or not (kb_root / slug).is_dir())]
    if gone:
        KbCategory.delete().where(KbCategory.slug.in_(gone)).execute()
    # The search page names its category filter with these titles.
    index.set_labels("category", {row.slug: {"ru": row.title, "en": row.title_in("en")}
                                  for row in KbCategory.select()})
    return excluded


def render_key(site_paths: frozenset[str]) -> int:
    """What a stored article was rendered with: the renderer's version and the set of the
    portal's pages its links may name (a page that appears renders every article again)."""
    if not site_paths:
        return RENDERER_VERSION
    pages = zlib.crc32("\n".join(sorted(site_paths)).encode("utf-8")) % 100_000
    return RENDERER_VERSION + 1000 * (pages + 1)


def _article_values(source: ArticleSource, renderer: int = RENDERER_VERSION) -> dict:
    meta, rendered = source.meta, source.rendered
    return {
        "category": source.address.category,
        "slug": source.address.slug,
        "language": source.address.language,
        "title": meta.title,
        "summary": meta.summary,
        "products": " ".join(meta.products),
        "versions": " ".join(meta.versions),
        "updated": meta.updated,
        "translation_path": meta.translation,
        "html": rendered.html,
        "toc": json.dumps([[e.level, e.anchor, e.title] for e in rendered.toc], ensure_ascii=False),
        "body_text": rendered.plain_text,
        "word_count": rendered.word_count,
        "sha256": source.sha256,
        "mtime_ns": source.stamp.mtime_ns,
        "size": source.stamp.size,
        "renderer": renderer,
        "presets": " ".join(meta.presets),
    }


def _store(source: ArticleSource, row: KbArticle | None,
           renderer: int = RENDERER_VERSION) -> KbArticle:
    values = _article_values(source, renderer)
    with db.atomic():
        if row is None:
            article = KbArticle.create(path=source.stamp.path, **values)
        else:
            KbArticle.update(**values).where(KbArticle.id == row.id).execute()
            article = KbArticle.get_by_id(row.id)
            KbArticleTag.delete().where(KbArticleTag.article == article.id).execute()
        keys: set[str] = set()
        for tag in source.meta.tags:
            if tag.casefold() not in keys:
                keys.add(tag.casefold())
                KbArticleTag.create(article=article, tag=tag, key=tag.casefold())
        _publish(article, source)
    return article


def _is_current(
    kb_root: Path, stamp: FileStamp, row: KbArticle, searchable: set[str],
    renderer: int = RENDERER_VERSION,
) -> bool:
    """Whether a stored article still matches its file, the renderer and the search index."""
    if row.renderer != renderer or row.path not in searchable:
        return False
    if (row.mtime_ns, row.size) == (stamp.mtime_ns, stamp.size):
        return True
    if hashlib.sha256((kb_root / stamp.path).read_bytes()).hexdigest() != row.sha256:
        return False
    # Touched but not edited (a checkout, a copy): remember the new stamp only.
    KbArticle.update(mtime_ns=stamp.mtime_ns, size=stamp.size).where(
        KbArticle.id == row.id
    ).execute()
    return True


def _generated_source(article: GeneratedArticle, policy: Policy,
                      site_paths: frozenset[str]) -> ArticleSource:
    """A generated article as if it were a file of kb/regulation/."""
    address = ArticleAddress(CATEGORY, article.slug, article.language)
    other = ArticleAddress(CATEGORY, article.slug, "en" if article.language == "ru" else "ru")
    meta = ArticleMeta(title=article.title, summary=article.summary, products=(), versions=(),
                       tags=article.tags, updated=utc_now().date(), language=article.language,
                       translation=other.path, presets=(policy.code,))
    rendered = render_article(article.body, article.path, article.language, site_paths)
    stamp = FileStamp(article.path, 0, len(article.body.encode("utf-8")))
    return ArticleSource(address=address, meta=meta, rendered=rendered, sha256=article.sha256,
                         stamp=stamp, body_line=1, key_lines={})


def _sync_generated(policy: Policy, site_paths: frozenset[str], known: dict[str, KbArticle],
                    searchable: set[str], report: SyncReport) -> set[str]:
    """Store the regulation section written from `policy`; the paths it occupies."""
    paths: set[str] = set()
    for article in regulation_articles(policy, site_paths):
        paths.add(article.path)
        row = known.get(article.path)
        if (row is not None and row.sha256 == article.sha256 and row.presets == policy.code
                and row.renderer == render_key(site_paths) and row.path in searchable):
            report.unchanged += 1
            continue
        try:
            _store(_generated_source(article, policy, site_paths), row, render_key(site_paths))
        except IntegrityError:
            log.info("kb: %s was stored concurrently", article.path)
            continue
        (report.updated if row is not None else report.added).append(article.path)
    return paths


def sync_index(kb_root: Path, stamps: Iterable[FileStamp] | None = None,
               policy: Policy | None = None,
               site_paths: frozenset[str] = frozenset()) -> SyncReport:
    """Bring the index in line with kb/: only changed files are parsed and rendered again.

    `stamps` defaults to every article file; pass a progress-bar wrapper of
    `article_files(kb_root)` to show progress. A file with problems is skipped
    (its last good version, if any, stays) and reported.

    With a `policy`, the regulation section is written from it (links only to the pages in
    `site_paths`) and articles whose front matter limits them to other presets are left
    out, so the index holds one vendor's knowledge base; a changed preset changes it.
    """
    report = SyncReport()
    excluded = _sync_categories(kb_root, report, policy)
    renderer = render_key(site_paths)
    known = {row.path: row for row in KbArticle.select()}
    searchable = _indexed_refs()
    seen: set[str] = set()
    if policy is not None:
        seen = _sync_generated(policy, site_paths, known, searchable, report)
    for stamp in article_files(kb_root) if stamps is None else stamps:
        if stamp.path in seen or stamp.path.split("/", 1)[0] in excluded:
            continue  # the generated article of that name wins; another vendor's category
        row = known.get(stamp.path)
        if row is not None and _is_current(kb_root, stamp, row, searchable, renderer):
            if policy is None or row.shown_under(policy.code):
                seen.add(stamp.path)
                report.unchanged += 1
            continue
        try:
            source = load_article(kb_root, stamp, site_paths)
        except KbError as error:
            report.problems.extend(error.problems)
            if row is not None:
                seen.add(stamp.path)  # its last good version stays
            continue
        if policy is not None and source.meta.presets and policy.code not in source.meta.presets:
            continue  # another vendor's article: removed below if it was stored
        seen.add(stamp.path)
        try:
            _store(source, row, renderer)
        except IntegrityError:
            # Another worker stored the same file at the same moment.
            log.info("kb: %s was stored concurrently", stamp.path)
            continue
        (report.updated if row is not None else report.added).append(stamp.path)
    for path, row in known.items():
        if path not in seen:
            with db.atomic():
                KbArticle.delete().where(KbArticle.id == row.id).execute()
                _withdraw(path)
            report.removed.append(path)
    for ref in searchable - seen - set(known):
        _withdraw(ref)  # indexed by an earlier database, gone from kb/ since
    return report


def _indexed_refs() -> set[str]:
    """Articles the search index holds, so a wiped search index is refilled."""
    return index.indexed_refs("article")
