"""Reporting abuse, the staff moderation queue, an answer as a draft article, and the
unsubscribe links of community mail (one-click POST per RFC 8058, or a page)."""
from __future__ import annotations

from flask import Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.clock import stored_now, today_in
from portal.community import bp, moderation, notify, services
from portal.community.forms import ButtonForm, ReportForm
from portal.community.models import ANSWER, COMMENT, QUESTION
from portal.errors import PortalError
from portal.roles import STAFF
from portal.security import csrf
from portal.web import attach_error, render, role_required, see_other, status_of

KINDS = {"question": QUESTION, "answer": ANSWER, "comment": COMMENT}


def _reported(kind: str, post_id: int):
    if kind not in KINDS:
        abort(404)
    post = moderation.post_of(KINDS[kind], post_id)
    question = post if kind == QUESTION else post.question
    if not services.can_see(current_user, post) or not services.can_see(current_user, question):
        abort(404)
    return post, question


@bp.route("/report/<kind>/<int:post_id>", methods=["GET", "POST"])
@login_required
def report(kind: str, post_id: int):
    """Tell the moderators what is wrong with a post."""
    post, question = _reported(kind, post_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            moderation.report(current_user, KINDS[kind], post.id, form.reason.data,
                              form.note.data or "", stored_now())
        except PortalError as error:
            attach_error(form, error)
            return render("community/report.html", form=form, post=post, kind=kind,
                          question=question, status=status_of(error))
        flash(_("Thank you: the moderators will look at it."), "success")
        return see_other(url_for("community.question", question_id=question.id))
    return render("community/report.html", form=form, post=post, kind=kind, question=question,
                  status=422 if form.is_submitted() else 200)


@bp.get("/moderation")
@role_required(*STAFF)
def moderation_queue():
    """Reported posts, the most reported first, and hidden posts to restore."""
    return render("community/moderation.html", flagged=moderation.flagged(),
                  hidden=moderation.hidden_posts(), reasons=moderation.REASONS,
                  button=ButtonForm())


@bp.post("/moderation/<kind>/<int:post_id>/<action>")
@role_required(*STAFF)
def moderate(kind: str, post_id: int, action: str):
    if kind not in KINDS or action not in ("hide", "restore", "dismiss"):
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    now = stored_now()
    if action == "hide":
        moderation.hide(current_user, KINDS[kind], post_id, now)
        flash(_("The post is hidden."), "success")
    elif action == "restore":
        moderation.restore(current_user, KINDS[kind], post_id)
        flash(_("The post is shown again."), "success")
    else:
        moderation.dismiss(current_user, KINDS[kind], post_id, now)
        flash(_("The reports are dismissed; the post stays."), "success")
    return see_other(url_for("community.moderation_queue"))


@bp.get("/answers/<int:answer_id>/article.md")
@role_required(*STAFF)
def article_draft(answer_id: int):
    """An answer as a knowledge-base article draft (Markdown with front matter) to download."""
    answer = services.answer_for(current_user, answer_id)
    name, text = moderation.article_draft(current_user, answer, today_in("Europe/Moscow"))
    return Response(text, mimetype="text/markdown",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET asks to confirm; POST (a mail program's one click, or the page's button) stops it."""
    user, question_id = notify.read_token(token)
    question = None
    if question_id != notify.EVERY_QUESTION:
        question = services.Question.get_or_none(services.Question.id == question_id)
        if question is None:
            abort(404)
    if request.method == "POST":
        notify.unsubscribe(user, question_id)
        return render("community/unsubscribe.html", done=True, question=question, token=token)
    return render("community/unsubscribe.html", done=False, question=question, token=token)
