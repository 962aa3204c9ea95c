"""Pages of the knowledge base: index, categories, articles, tags, images, the helpful vote."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from flask import Blueprint, abort, current_app, request, send_file, url_for
from flask_babel import format_date
from flask_limiter.util import get_remote_address
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse

from portal import limits
from portal.kb import services
from portal.kb.forms import HelpfulForm
from portal.kb.media import confined_file, image_type_of
from portal.kb.models import KbArticle
from portal.policy import active_policy, shown_policy
from portal.roles import is_staff
from portal.web import current_language, is_htmx, render, see_other

bp = Blueprint("kb", __name__, url_prefix="/kb")

@bp.context_processor
def _preset_notice() -> dict:
    """In demo mode with another preset picked on /tiers, the knowledge base still is the
    active preset's (its index is one vendor's): the pages say whose, instead of pretending."""
    active, shown = active_policy(), shown_policy()
    if shown.code == active.code:
        return {"kb_vendor_notice": None}
    language = current_language()
    return {"kb_vendor_notice": (active.vendor.get(language), shown.vendor.get(language))}


VOTER_COOKIE = "kb_voter"
VOTER_COOKIE_AGE = 2 * 365 * 24 * 3600
# A cleared cookie makes a new browser: this caps what one address can add by doing so.
VOTES_PER_ADDRESS = parse("60/hour")


def _kb_root() -> Path:
    return Path(current_app.config["KB_DIR"])


@bp.app_template_filter("kb_product")
def _product_filter(code: str) -> str:
    return active_policy().product_label(code, current_language())


@bp.app_template_filter("kb_date")
def _date_filter(value: date) -> str:
    return format_date(value, "long")


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kb-voter")


def _browser_id() -> str | None:
    raw = request.cookies.get(VOTER_COOKIE)
    if not raw:
        return None
    try:
        value = _signer().loads(raw)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def _voter(create: bool = False) -> tuple[str | None, str | None]:
    """The voter key, and a new browser id to store when one had to be made."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}", None
    browser = _browser_id()
    if browser is None and create:
        fresh = secrets.token_urlsafe(16)
        return f"browser:{fresh}", fresh
    return (f"browser:{browser}" if browser else None), None


def _article_or_404(category: str, slug: str, language: str) -> KbArticle:
    article = services.find_article(category, slug, language)
    if article is None:
        abort(404)
    return article


def _helpful_context(article: KbArticle, form: HelpfulForm | None = None) -> dict:
    voter, _ = _voter()
    vote = services.vote_of(article.path, voter) if voter else None
    if form is None:
        form = HelpfulForm(formdata=None)
        if vote is not None:
            form.answer.data = "yes" if vote.helpful else "no"
            form.comment.data = vote.comment
    return {
        "article": article,
        "form": form,
        "vote": vote,
        "summary": services.vote_summary(article.path) if is_staff(current_user) else None,
        "helpful_url": url_for(
            "kb.helpful", category=article.category, slug=article.slug, language=article.language
        ),
    }


@bp.get("/")
def index():
    """Categories, recently updated articles and tags."""
    language = current_language()
    return render(
        "kb/index.html",
        listings=services.categories(language),
        recent=services.recent(language),
        tags=services.tag_cloud(language),
        language=language,
    )


@bp.get("/tags/<tag>")
def tag(tag: str):
    """Every article carrying one tag."""
    written, articles = services.tagged(tag)
    if not articles:
        abort(404)
    return render("kb/tag.html", tag=written, articles=articles, language=current_language())


@bp.get("/media/<path:path>")
def media(path: str):
    """An image stored beside articles: only real raster images, only from kb/."""
    file = confined_file(_kb_root(), path)
    mimetype = image_type_of(file) if file is not None else None
    if file is None or mimetype is None:
        abort(404)
    response = send_file(file, mimetype=mimetype, conditional=True, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.get("/<category>")
def category(category: str):
    """The articles of one category."""
    row = services.category(category)
    if row is None:
        abort(404)
    language = current_language()
    return render(
        "kb/category.html",
        category=row,
        articles=services.articles_in(category, language),
        language=language,
    )


@bp.get("/<category>/<slug>", defaults={"language": "ru"})
@bp.get("/<category>/<slug>/<any(en):language>")
def article(category: str, slug: str, language: str):
    """One article with its table of contents, related articles and the helpful vote."""
    found = services.find_article(category, slug, language)
    if found is None:
        # An article written only in the other language: send the reader there.
        other = services.find_article(category, slug, "en" if language == "ru" else "ru")
        if other is None:
            abort(404)
        return see_other(other.url)
    return render("kb/article.html", **_article_context(found))


def _article_context(article: KbArticle, form: HelpfulForm | None = None) -> dict:
    return {
        "category": services.category(article.category),
        "translations": services.other_languages(article),
        "tags": services.tags_of(article),
        "related": services.related(article),
        "language": current_language(),
        **_helpful_context(article, form),
    }


@bp.get("/<category>/<slug>/helpful", defaults={"language": "ru"})
@bp.get("/<category>/<slug>/<any(en):language>/helpful")
def helpful(category: str, slug: str, language: str):
    """The vote widget alone, for htmx to swap in place."""
    found = _article_or_404(category, slug, language)
    if not is_htmx():
        return see_other(f"{found.url}#helpful")
    return render("kb/_helpful.html", **_helpful_context(found))


@bp.post("/<category>/<slug>/helpful", defaults={"language": "ru"})
@bp.post("/<category>/<slug>/<any(en):language>/helpful")
def vote(category: str, slug: str, language: str):
    """Record yes or no (and a comment); one vote per user or browser, a new one replaces it."""
    found = _article_or_404(category, slug, language)
    limits.refuse_when_exhausted(VOTES_PER_ADDRESS, "kb-vote", get_remote_address())
    form = HelpfulForm()
    if not form.validate_on_submit():
        if is_htmx():
            return render("kb/_helpful.html", **_helpful_context(found, form))
        return render("kb/article.html", status=400, **_article_context(found, form))
    voter, new_browser_id = _voter(create=True)
    comment = form.comment.data if "comment" in request.form else None
    services.record_vote(found.path, voter, form.answer.data == "yes", comment)
    limits.count_attempt(VOTES_PER_ADDRESS, "kb-vote", get_remote_address())
    if is_htmx():
        response = see_other(url_for("kb.helpful", category=category, slug=slug, language=language))
    else:
        response = see_other(f"{found.url}#helpful")
    if new_browser_id is not None:
        response.set_cookie(
            VOTER_COOKIE,
            _signer().dumps(new_browser_id),
            max_age=VOTER_COOKIE_AGE,
            path="/kb",
            httponly=True,
            samesite="Lax",
            secure=bool(current_app.config.get("HTTPS")),
        )
    return response
