"""Keeping the article index in the database in step with the files of kb/."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import IntegrityError

from portal.db import db
from portal.kb.catalog import (
    ArticleSource,
    CategorySource,
    FileStamp,
    article_files,
    category_folders,
    load_article,
    load_category,
)
from portal.kb.frontmatter import KbError, Problem
from portal.kb.markdown import RENDERER_VERSION
from portal.kb.models import KbArticle, KbArticleTag, KbCategory
from portal.kb.paths import DEFAULT_LANGUAGE, ArticleAddress
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


def _sync_categories(kb_root: Path, report: SyncReport) -> None:
    found: dict[str, CategorySource] = {}
    for folder in category_folders(kb_root):
        try:
            found[folder.name] = load_category(kb_root, folder.name)
        except KbError as error:
            report.problems.extend(error.problems)
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
    gone = [slug for slug in known if slug not in found and not (kb_root / slug).is_dir()]
    if gone:
        KbCategory.delete().where(KbCategory.slug.in_(gone)).execute()
    # The search page names its category filter with these titles.
    index.set_labels("category", {row.slug: {"ru": row.title, "en": row.title_in("en")}
                                  for row in KbCategory.select()})


def _article_values(source: ArticleSource) -> dict:
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
        "renderer": RENDERER_VERSION,
    }


def _store(source: ArticleSource, row: KbArticle | None) -> KbArticle:
    values = _article_values(source)
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
    kb_root: Path, stamp: FileStamp, row: KbArticle, searchable: set[str]
) -> bool:
    """Whether a stored article still matches its file, the renderer and the search index."""
    if row.renderer != RENDERER_VERSION or row.path not in searchable:
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


def sync_index(kb_root: Path, stamps: Iterable[FileStamp] | None = None) -> SyncReport:
    """Bring the index in line with kb/: only changed files are parsed and rendered again.

    `stamps` defaults to every article file; pass a progress-bar wrapper of
    `article_files(kb_root)` to show progress. A file with problems is skipped
    (its last good version, if any, stays) and reported.
    """
    report = SyncReport()
    _sync_categories(kb_root, report)
    known = {row.path: row for row in KbArticle.select()}
    searchable = _indexed_refs()
    seen: set[str] = set()
    for stamp in article_files(kb_root) if stamps is None else stamps:
        seen.add(stamp.path)
        row = known.get(stamp.path)
        if row is not None and _is_current(kb_root, stamp, row, searchable):
            report.unchanged += 1
            continue
        try:
            source = load_article(kb_root, stamp)
        except KbError as error:
            report.problems.extend(error.problems)
            continue
        try:
            _store(source, row)
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
