"""The knowledge base and the public tiers over the API: open to anyone (a token, when sent,
must be valid), as their pages are."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from portal.api import paging
from portal.api.auth import needs
from portal.api.blueprint import bp
from portal.api.models import READ
from portal.api.reference_schemas import (
    Article,
    ArticleList,
    ArticleQuery,
    CategoryList,
    SearchPage,
    SearchQuery,
    Tiers,
)
from portal.errors import NotFound
from portal.kb import services as kb
from portal.kb.models import KbArticle
from portal.policy import active_policy
from portal.search import index
from portal.web import current_language

KB = {"tags": ["knowledge base"]}


def _absolute(path: str) -> str:
    return request.host_url.rstrip("/") + path if path.startswith("/") else path


@bp.route("/kb/search", methods=["GET"], **KB)
@needs(READ, optional=True)
@bp.arguments(SearchQuery, location="query")
@bp.response(200, SearchPage)
def search(query, user):
    """Search the knowledge base and community questions

    Word forms are found as on the search page; with no document having every word, those
    having some are given (`loose`).
    """
    page = (paging.decode("search", query["cursor"]) or 0) + 1
    found = index.search(query["q"], kind=query["kind"], product=query["product"] or None,
                         category=query["category"] or None, page=page,
                         per_page=query["limit"], language=query["language"] or
                         current_language())
    more = page * found.per_page < found.total
    return {"items": [{"kind": hit.kind, "ref": hit.ref, "title": hit.title,
                       "url": _absolute(hit.url), "snippet": hit.snippet.striptags(),
                       "category": hit.category, "language": hit.language}
                      for hit in found.hits],
            "total": found.total, "loose": found.loose,
            "next_cursor": paging.encode("search", page) if more else None}


@bp.route("/kb/categories", methods=["GET"], **KB)
@needs(READ, optional=True)
@bp.response(200, CategoryList)
def categories(user):
    """The knowledge base's categories, with how many articles each holds"""
    language = current_language()
    return {"items": [{"slug": row.category.slug, "title": row.category.title_in(language),
                       "description": row.category.description_in(language),
                       "article_count": row.article_count}
                      for row in kb.categories(language)]}


def _brief(article: KbArticle) -> dict:
    return {"category": article.category, "slug": article.slug, "language": article.language,
            "title": article.title, "summary": article.summary, "updated": article.updated,
            "url": _absolute(article.url)}


@bp.route("/kb/categories/<category>/articles", methods=["GET"], **KB)
@needs(READ, optional=True)
@bp.response(200, ArticleList)
def articles(category: str, user):
    """A category's articles, by title, each once (in the request's language when it has it)"""
    if kb.category(category) is None:
        raise NotFound(_("No such category."))
    return {"items": [_brief(row) for row in kb.articles_in(category, current_language())]}


@bp.route("/kb/articles/<category>/<slug>", methods=["GET"], **KB)
@needs(READ, optional=True)
@bp.arguments(ArticleQuery, location="query")
@bp.response(200, Article)
def article(query, category: str, slug: str, user):
    """One article, rendered and sanitised, with its headings and translations"""
    language = query["language"] or current_language()
    found = (kb.find_article(category, slug, language)
             or kb.find_article(category, slug, "en" if language == "ru" else "ru"))
    if found is None:
        raise NotFound(_("No such article."))
    return {**_brief(found), "products": found.product_codes, "versions": found.version_list,
            "tags": kb.tags_of(found), "html": found.html,
            "toc": [{"level": e.level, "anchor": e.anchor, "title": e.title}
                    for e in found.toc_entries],
            "translations": [{"language": row.language, "url": _absolute(row.url)}
                             for row in kb.other_languages(found)]}


@bp.route("/tiers", methods=["GET"], tags=["tiers"])
@needs(READ, optional=True)
@bp.response(200, Tiers)
def tiers(user):
    """The support tiers of the vendor's regulation, side by side, with their SLA targets"""
    policy = active_policy()
    language = current_language()

    def said(text) -> str | None:
        return text.get(language) if text is not None else None

    return {
        "vendor": policy.vendor.get(language), "currency": policy.currency,
        "tiers": [{
            "code": tier.code, "name": tier.name(language), "description": said(tier.description),
            "channels": list(tier.channels), "has_tickets": tier.has_ticket_channel,
            "who_files": tier.may_file, "max_responsible_contacts": tier.max_responsible_contacts,
            "free_hours": tier.free_hours, "reopen_days": tier.reopen_days,
            "colleagues_see_tickets": tier.colleagues_see_tickets,
            "comparison": [{"label": row.label.get(language), "value": row.value.get(language)}
                           for row in tier.rows],
            "targets": [{"kind": t.kind, "guaranteed": t.guaranteed, "minutes": t.minutes,
                         "amount": t.amount, "unit": t.unit, "calendar": t.calendar_name,
                         "priority": t.priority, "level": t.level, "line": t.line,
                         "note": said(t.note)}
                        for t in policy.targets if tier.code in t.tiers],
        } for tier in policy.tiers],
        "priorities": [{"number": p.number, "name": p.name.get(language),
                        "definition": p.definition.get(language)} for p in policy.priorities],
        "levels": [{"code": lv.code, "name": lv.name.get(language),
                    "definition": lv.definition.get(language)} for lv in policy.levels],
        "lines": [{"code": ln.code, "name": ln.name.get(language),
                   "definition": ln.definition.get(language)} for ln in policy.lines],
        "products": [{"code": p.code, "name": p.name.get(language), "versions": list(p.versions)}
                     for p in policy.products],
        "assumptions": [note.get(language) for note in policy.assumptions],
    }
