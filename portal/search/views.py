"""The search page, its results fragment for search-as-you-type, and ticket-form suggestions."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_login import current_user

from portal.policy import active_policy
from portal.search import index, services
from portal.search.forms import SearchForm
from portal.tickets.services import right_to_file
from portal.web import current_language, render, wants_fragment

bp = Blueprint("search", __name__)


@bp.get("/search")
def search():
    """Search articles and posts; an htmx request gets only the results (search-as-you-type)."""
    form = SearchForm(formdata=request.args)
    found = index.facets()
    language = current_language()
    categories = services.category_names(found.categories, language)
    form.offer_choices(services.product_names(active_policy(), found.products, language),
                       categories)
    criteria = form.criteria()
    exact = request.args.get("exact") == "1"
    results = (index.search(form.query, language=language, exact=exact, **criteria)
               if form.query else None)
    if results is not None and results.pages and criteria["page"] > results.pages:
        # A page past the last (an old link, a hand-typed number) shows the last one.
        criteria = dict(criteria, page=results.pages)
        results = index.search(form.query, language=language, exact=exact, **criteria)
    return render(
        "search/index.html",
        fragment="search/_results.html",
        form=form,
        results=results,
        criteria=criteria,
        category_labels=categories,
        reader_language=language,
        status_out_of_band=wants_fragment(),
        # Nothing found: a contact who may file a ticket is offered one.
        offer_ticket=bool(results is not None and not results.total
                          and current_user.is_authenticated
                          and right_to_file(current_user, active_policy()).allowed),
    )


@bp.get("/search/suggest")
def suggest():
    """Articles matching a ticket subject being typed (an htmx fragment for the ticket form)."""
    subject = request.args.get("subject", "") or request.args.get("q", "")
    # The subject says most; the description's first words help when the subject is short.
    text = " ".join([subject, " ".join(request.args.get("description", "").split()[:30])])
    hits = index.suggest(text, limit=5, language=current_language()) if text.strip() else []
    if request.args.get("picker"):
        # Staff link an article into a reply: the same search, with "insert" buttons.
        return render("search/_article_picker.html", fragment="search/_article_picker.html",
                      hits=hits, base=current_app.config["BASE_URL"].rstrip("/"))
    return render("search/_suggestions.html", fragment="search/_suggestions.html", hits=hits,
                  subject=subject[:200])
