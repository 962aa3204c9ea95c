"""Writing on a question's page: answers, comments, votes (htmx or a plain form), accepting,
following, editing with history, deleting."""
from __future__ import annotations

import secrets

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.clock import stored_now
from portal.community import bp, services, votes
from portal.community.forms import AnswerForm, ButtonForm, CommentForm, QuestionForm
from portal.community.models import ANSWER, QUESTION, Follow
from portal.community.views import question_context
from portal.errors import NotFound, PortalError
from portal.policy import active_policy
from portal.roles import is_staff
from portal.web import (
    attach_error,
    current_language,
    is_htmx,
    render,
    see_other,
    status_of,
)


def _page_of(question, anchor: str = "") -> str:
    return url_for("community.question", question_id=question.id) + (f"#{anchor}" if anchor else "")


def _refused_on_page(question, error: PortalError, **forms):
    """The question page again, the refusal shown at the form it concerns."""
    for form in forms.values():
        attach_error(form, error)
    return render("community/question.html", status=status_of(error),
                  **question_context(question, **forms))


@bp.post("/questions/<int:question_id>/answers")
@login_required
def answer(question_id: int):
    question = services.question_for(current_user, question_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return render("community/question.html", status=422,
                      **question_context(question, answer_form=form))
    try:
        posted = services.add_answer(current_user, question, form.body.data,
                                     form.token.data or secrets.token_urlsafe(24), stored_now())
    except PortalError as error:
        return _refused_on_page(question, error, answer_form=form)
    flash(_("Your answer is published."), "success")
    return see_other(_page_of(question, f"answer-{posted.id}"))


@bp.post("/questions/<int:question_id>/comments")
@login_required
def comment(question_id: int):
    question = services.question_for(current_user, question_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return render("community/question.html", status=422,
                      **question_context(question, comment_form=form))
    answer = None
    if form.answer_id.data:
        try:
            answer = services.answer_for(current_user, int(form.answer_id.data))
        except (ValueError, NotFound):
            abort(404)
    try:
        posted = services.add_comment(current_user, question, answer, form.body.data,
                                      form.token.data or secrets.token_urlsafe(24), stored_now())
    except PortalError as error:
        return _refused_on_page(question, error, comment_form=form)
    flash(_("Your comment is published."), "success")
    return see_other(_page_of(question, f"comment-{posted.id}"))


def _post(kind: str, post_id: int):
    if kind == QUESTION:
        return services.question_for(current_user, post_id)
    if kind == ANSWER:
        return services.answer_for(current_user, post_id)
    abort(404)


@bp.post("/vote/<kind>/<int:post_id>")
@login_required
def vote(kind: str, post_id: int):
    """Up or down; the same again takes the vote back. htmx gets the widget, a form the page."""
    post = _post(kind, post_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    value = {"up": 1, "down": -1}.get(request.form.get("value", ""))
    question = post if kind == QUESTION else post.question
    error = None
    try:
        if value is None:
            abort(400)
        votes.cast(current_user, post, value)
    except PortalError as refused:
        error = refused
    post = type(post).get_by_id(post.id)
    if is_htmx():
        return render("community/_votes.html", fragment="community/_votes.html",
                      kind=kind, post=post, mine=votes.vote_of(current_user, kind, post.id),
                      button=ButtonForm(), vote_error=error.message if error else "",
                      status=status_of(error) if error else 200)
    if error:
        flash(error.message, "error")
    return see_other(_page_of(question, f"{kind}-{post.id}"))


@bp.post("/questions/<int:question_id>/accept/<int:answer_id>")
@login_required
def accept(question_id: int, answer_id: int):
    question = services.question_for(current_user, question_id)
    found = services.answer_for(current_user, answer_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    accepted = votes.accept(current_user, question, found, stored_now())
    flash(_("The answer is marked as the solution.") if accepted
          else _("The answer is no longer marked as the solution."), "success")
    return see_other(_page_of(question, f"answer-{found.id}"))


@bp.post("/questions/<int:question_id>/follow")
@login_required
def follow(question_id: int):
    """Follow a question (mail on new answers) or stop following it."""
    question = services.question_for(current_user, question_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    where = (Follow.user == current_user.id) & (Follow.question == question.id)
    if Follow.select().where(where).exists():
        Follow.delete().where(where).execute()
        flash(_("You will no longer get mail about this question."), "success")
    else:
        services.follow(current_user, question)
        flash(_("You will get mail when someone answers."), "success")
    return see_other(_page_of(question))


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit_question(question_id: int):
    question = services.question_for(current_user, question_id)
    if not services.can_edit(current_user, question):
        abort(403)
    form = QuestionForm(obj=None if request.method == "POST" else question)
    form.offer_products(active_policy(), current_language())
    if request.method == "GET":
        form.tags.data = " ".join(services.tags_of(question))
    if form.validate_on_submit():
        text = services.QuestionText(form.title.data, form.body.data, form.product.data or "",
                                     form.version.data or "", form.tags.data or "")
        try:
            services.edit_question(current_user, question, text, stored_now())
        except PortalError as error:
            attach_error(form, error)
            return render("community/edit.html", form=form, question=question, kind=QUESTION,
                          status=status_of(error))
        flash(_("The question is saved."), "success")
        return see_other(_page_of(question))
    return render("community/edit.html", form=form, question=question, kind=QUESTION,
                  status=422 if form.is_submitted() else 200)


@bp.route("/answers/<int:answer_id>/edit", methods=["GET", "POST"])
@login_required
def edit_answer(answer_id: int):
    found = services.answer_for(current_user, answer_id)
    if not services.can_edit(current_user, found):
        abort(403)
    form = AnswerForm(obj=None if request.method == "POST" else found)
    if form.validate_on_submit():
        try:
            services.edit_answer(current_user, found, form.body.data, stored_now())
        except PortalError as error:
            attach_error(form, error)
            return render("community/edit.html", form=form, question=found.question,
                          kind=ANSWER, status=status_of(error))
        flash(_("The answer is saved."), "success")
        return see_other(_page_of(found.question, f"answer-{found.id}"))
    return render("community/edit.html", form=form, question=found.question, kind=ANSWER,
                  status=422 if form.is_submitted() else 200)


@bp.post("/<kind>/<int:post_id>/delete")
@login_required
def delete(kind: str, post_id: int):
    """Delete one's own question or answer (staff: any); a tombstone stays."""
    kinds = {"questions": QUESTION, "answers": ANSWER}
    if kind not in kinds:
        abort(404)
    post = _post(kinds[kind], post_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    services.delete_post(current_user, post, stored_now())
    flash(_("The post is deleted."), "success")
    question = post if kinds[kind] == QUESTION else post.question
    return see_other(_page_of(question))


@bp.get("/<kind>/<int:post_id>/history")
def history(kind: str, post_id: int):
    """Every earlier version of an edited question or answer."""
    kinds = {"questions": QUESTION, "answers": ANSWER}
    if kind not in kinds:
        abort(404)
    post = _post(kinds[kind], post_id)
    if post.status == "deleted" and not is_staff(current_user):
        abort(410)
    question = post if kinds[kind] == QUESTION else post.question
    return render("community/history.html", post=post, kind=kinds[kind], question=question,
                  revisions=services.revisions(kinds[kind], post))
