"""Reading the knowledge base for its pages, and recording "Was this helpful?" votes."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Case, IntegrityError, fn

from portal.clock import stored_now
from portal.db import db
from portal.kb.models import KbArticle, KbArticleTag, KbCategory, KbVote

COMMENT_MAX = 1000


@dataclass(frozen=True)
class CategoryListing:
    """A category with the number of articles a reader of one language will find in it."""

    category: KbCategory
    article_count: int


@dataclass(frozen=True)
class VoteSummary:
    """Counts of answers and the latest comments, for staff."""

    yes: int
    no: int
    comments: list[KbVote]


def _one_per_slug(articles: list[KbArticle], language: str) -> list[KbArticle]:
    """Each article once, in the reader's language when it has that version."""
    chosen: dict[tuple[str, str], KbArticle] = {}
    for article in articles:
        key = (article.category, article.slug)
        if key not in chosen or article.language == language:
            chosen[key] = article
    return list(chosen.values())


def categories(language: str) -> list[CategoryListing]:
    """Every category in its order, with how many articles it holds."""
    rows = list(KbArticle.select(KbArticle.category, KbArticle.slug, KbArticle.language))
    counts: dict[str, int] = {}
    for article in _one_per_slug(rows, language):
        counts[article.category] = counts.get(article.category, 0) + 1
    ordered = KbCategory.select().order_by(KbCategory.position, KbCategory.slug)
    return [CategoryListing(row, counts.get(row.slug, 0)) for row in ordered]


def category(slug: str) -> KbCategory | None:
    return KbCategory.get_or_none(KbCategory.slug == slug)


def articles_in(category_slug: str, language: str) -> list[KbArticle]:
    """A category's articles, one per slug, by title."""
    rows = list(KbArticle.select().where(KbArticle.category == category_slug))
    return sorted(_one_per_slug(rows, language), key=lambda a: a.title.casefold())


def recent(language: str, limit: int = 6) -> list[KbArticle]:
    """The most recently updated articles."""
    rows = list(KbArticle.select().order_by(KbArticle.updated.desc(), KbArticle.path))
    return _one_per_slug(rows, language)[:limit]


def find_article(category_slug: str, slug: str, language: str) -> KbArticle | None:
    return KbArticle.get_or_none(
        (KbArticle.category == category_slug)
        & (KbArticle.slug == slug)
        & (KbArticle.language == language)
    )


def other_languages(article: KbArticle) -> list[KbArticle]:
    """The article's translation when one exists (named in the front matter or by file name)."""
    query = KbArticle.select().where(
        (KbArticle.category == article.category)
        & (KbArticle.slug == article.slug)
        & (KbArticle.language != article.language)
    )
    found = {row.path: row for row in query}
    if article.translation_path:
        named = KbArticle.get_or_none(KbArticle.path == article.translation_path)
        if named is not None and named.language != article.language:
            found[named.path] = named
    return sorted(found.values(), key=lambda row: row.language)


def tags_of(article: KbArticle) -> list[str]:
    return [row.tag for row in article.tag_rows.order_by(KbArticleTag.id)]


def _product_match(products: set[str]):
    """SQL: how many of `products` an article lists (its codes are space-separated)."""
    padded = " " + KbArticle.products + " "
    terms = [Case(None, [(padded.contains(f" {code} "), 1)], 0) for code in sorted(products)]
    total = terms[0] if terms else 0
    for term in terms[1:]:
        total = total + term
    return total


def related(article: KbArticle, limit: int = 5) -> list[KbArticle]:
    """Articles in the same language sharing tags (weighed double) or products, the most
    recently updated first among equals; counted and ordered in SQL, so only `limit` rows
    are read however large the knowledge base."""
    own_tags = sorted({row.key for row in article.tag_rows})
    own_products = set(article.product_codes)
    same_language = (KbArticle.language == article.language) & (KbArticle.id != article.id)
    found: list[KbArticle] = []
    if own_tags:
        score = 2 * fn.COUNT(KbArticleTag.id) + (_product_match(own_products)
                                                  if own_products else 0)
        found = list(KbArticle.select(KbArticle)
                     .join(KbArticleTag, on=(KbArticleTag.article == KbArticle.id))
                     .where(same_language & KbArticleTag.key.in_(own_tags))
                     .group_by(KbArticle.id)
                     .order_by(score.desc(), KbArticle.updated.desc(), KbArticle.title)
                     .limit(limit))
    if len(found) < limit and own_products:
        # Articles sharing only a product come after every article sharing a tag.
        sharing_tags = (KbArticleTag.select(KbArticleTag.article)
                        .where(KbArticleTag.key.in_(own_tags or [""])))
        found += list(KbArticle.select().where(
            same_language & (_product_match(own_products) > 0)
            & KbArticle.id.not_in(sharing_tags))
            .order_by(_product_match(own_products).desc(), KbArticle.updated.desc(),
                      KbArticle.title)
            .limit(limit - len(found)))
    return found


def tagged(tag: str) -> tuple[str, list[KbArticle]]:
    """The tag as written and every article carrying it, by title."""
    rows = (
        KbArticleTag.select(KbArticleTag, KbArticle)
        .join(KbArticle)
        .where(KbArticleTag.key == tag.casefold())
    )
    rows = list(rows)
    written = rows[0].tag if rows else tag
    return written, sorted((row.article for row in rows), key=lambda a: a.title.casefold())


def tag_cloud(language: str, limit: int = 40) -> list[tuple[str, int]]:
    """The most used tags of articles in one language, alphabetically."""
    query = (
        KbArticleTag.select(fn.MIN(KbArticleTag.tag).alias("shown"), fn.COUNT(KbArticleTag.id))
        .join(KbArticle)
        .where(KbArticle.language == language)
        .group_by(KbArticleTag.key)
        .order_by(fn.COUNT(KbArticleTag.id).desc(), KbArticleTag.key)
        .limit(limit)
        .tuples()
    )
    return sorted(query, key=lambda pair: pair[0].casefold())


def vote_of(article_path: str, voter: str) -> KbVote | None:
    return KbVote.get_or_none((KbVote.article_path == article_path) & (KbVote.voter == voter))


def record_vote(article_path: str, voter: str, helpful: bool, comment: str | None) -> KbVote:
    """One answer per voter and article: a second answer replaces the first."""
    now = stored_now()
    text = (comment or "").strip()[:COMMENT_MAX]
    for _attempt in range(2):
        existing = vote_of(article_path, voter)
        try:
            with db.atomic():
                if existing is None:
                    return KbVote.create(
                        article_path=article_path,
                        voter=voter,
                        helpful=helpful,
                        comment=text,
                        created_at=now,
                        updated_at=now,
                    )
                existing.helpful, existing.updated_at = helpful, now
                if comment is not None:
                    existing.comment = text
                existing.save()
                return existing
        except IntegrityError:
            continue  # the same voter's other request won the race; update that row
    raise RuntimeError("could not record the vote")


def vote_summary(article_path: str, comments: int = 10) -> VoteSummary:
    votes = KbVote.select().where(KbVote.article_path == article_path)
    yes = votes.where(KbVote.helpful == True).count()
    no = votes.where(KbVote.helpful == False).count()
    latest = list(
        votes.where(KbVote.comment != "").order_by(KbVote.updated_at.desc()).limit(comments)
    )
    return VoteSummary(yes=yes, no=no, comments=latest)
