"""Community pages: the question lists, asking (with suggestions as the title is typed), and a
question's page with its answers, comments and related reading."""
from __future__ import annotations

import secrets

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.clock import stored_now
from portal.community import bp, listing, services, votes
from portal.community.forms import AnswerForm, ButtonForm, CommentForm, QuestionForm
from portal.community.models import ANSWER, QUESTION, Follow
from portal.errors import PortalError
from portal.policy import active_policy
from portal.roles import is_staff
from portal.search import index
from portal.tickets.models import Ticket
from portal.tickets.services import right_to_file, shared_organizations
from portal.web import attach_error, current_language, form_status, render, see_other, status_of


def _list(title: str, **filters):
    sort = request.args.get("sort", "newest")
    page = request.args.get("page", 1, type=int) or 1
    text = request.args.get("q", "").strip()
    found = listing.questions(sort=sort, page=page, text=text, **filters)
    return render("community/index.html", fragment="community/_list.html", found=found,
                  heading=title, filters=filters, text=text, top_tags=listing.counts_by_tag(),
                  policy=active_policy(), language=current_language())


@bp.get("/")
def index_page():
    """Every shown question: newest, active, most voted or unanswered first."""
    return _list(_("Community"))


@bp.get("/tags/<tag>")
def tag(tag: str):
    return _list(_("Questions tagged “%(tag)s”", tag=tag[:40]), tag=tag[:40].lower())


@bp.get("/products/<code>")
def product(code: str):
    policy = active_policy()
    if policy.product(code) is None:
        abort(404)
    return _list(_("Questions about %(product)s",
                   product=policy.product_label(code, current_language())), product=code)


def _question_text(form: QuestionForm) -> services.QuestionText:
    return services.QuestionText(title=form.title.data or "", body=form.body.data or "",
                                 product=form.product.data or "", version=form.version.data or "",
                                 tags=form.tags.data or "")


@bp.route("/ask", methods=["GET", "POST"])
@login_required
def ask():
    """Ask a question; articles and questions like it are offered while the title is typed."""
    policy = active_policy()
    form = QuestionForm()
    form.offer_products(policy, current_language())
    if not form.is_submitted():
        form.token.data = secrets.token_urlsafe(24)
        form.title.data = request.args.get("title", "")[:200]
    if form.validate_on_submit():
        try:
            question = services.ask(current_user, _question_text(form),
                                    form.token.data or secrets.token_urlsafe(24), stored_now())
        except PortalError as error:
            attach_error(form, error)
            return render("community/ask.html", form=form, status=status_of(error))
        flash(_("Your question is published. You will get mail when someone answers."),
              "success")
        return see_other(url_for("community.question", question_id=question.id))
    return render("community/ask.html", form=form, status=form_status(form))


@bp.get("/suggest")
def suggest():
    """Articles and questions matching a title being typed (an htmx fragment)."""
    title = request.args.get("title", "")[:200]
    hits = (index.suggest(title, limit=6, language=current_language(), kind=None)
            if len(title.strip()) >= 3 else [])
    return render("community/_suggestions.html", fragment="community/_suggestions.html",
                  hits=hits)


def question_context(question, answer_form=None, comment_form=None) -> dict:
    """What the question page shows to this reader."""
    staff = is_staff(current_user)
    policy = active_policy()
    answers = listing.answers_of(question, staff)
    language = current_language()
    articles, posts = listing.related(question, language)
    signed_in = current_user.is_authenticated
    own = signed_in and question.author_id == current_user.id
    tickets = []
    if signed_in:
        path = url_for("community.question", question_id=question.id)
        tickets = list(Ticket.visible_to(current_user, shared_organizations(current_user, policy))
                       .where(Ticket.origin_url == path))
    return {
        "question": question, "answers": answers,
        "comments": listing.comments_of(question, staff),
        "tags": services.tags_of(question),
        "question_vote": votes.vote_of(current_user, QUESTION, question.id),
        "answer_votes": votes.votes_of(current_user, ANSWER, [a.id for a in answers]),
        "may_accept": votes.may_accept(current_user, question),
        "can_edit": services.can_edit, "staff": staff, "own": own,
        "following": signed_in and Follow.select().where(
            (Follow.user == current_user.id) & (Follow.question == question.id)).exists(),
        "may_file": own and question.status == "visible"
        and right_to_file(current_user, policy).allowed,
        "tickets": tickets,
        "answer_form": answer_form or _fresh(AnswerForm),
        "comment_form": comment_form or _fresh(CommentForm),
        "button": ButtonForm(), "related_articles": articles, "related_questions": posts,
        "policy": policy, "language": language,
        "summary": services.plain_summary(question.body, 600),
    }


def _fresh(form_class):
    form = form_class(formdata=None)
    form.token.data = secrets.token_urlsafe(24)
    return form


@bp.get("/questions/<int:question_id>")
def question(question_id: int):
    """A question with its answers; a deleted one leaves a tombstone (410)."""
    found = services.question_for(current_user, question_id)
    if found.status == "deleted":
        return render("community/deleted.html", question=found, status=410)
    return render("community/question.html", **question_context(found))
