"""Votes on questions and answers (one per person, changeable) and the accepted answer."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from peewee import IntegrityError, fn

from portal.accounts.models import User
from portal.community import indexing, notify
from portal.community.models import ANSWER, QUESTION, VISIBLE, Answer, Question, Vote
from portal.db import db
from portal.errors import Conflict, Forbidden, Invalid
from portal.roles import is_staff

MODELS = {QUESTION: Question, ANSWER: Answer}


def vote_of(user, kind: str, post_id: int) -> int:
    """The reader's vote on a post: 1, -1 or 0."""
    if not getattr(user, "is_authenticated", False):
        return 0
    row = Vote.get_or_none((Vote.user == user.id) & (Vote.post_kind == kind)
                           & (Vote.post_id == post_id))
    return row.value if row else 0


def votes_of(user, kind: str, post_ids: list[int]) -> dict[int, int]:
    if not getattr(user, "is_authenticated", False) or not post_ids:
        return {}
    rows = Vote.select().where((Vote.user == user.id) & (Vote.post_kind == kind)
                               & Vote.post_id.in_(post_ids))
    return {row.post_id: row.value for row in rows}


def cast(user: User, post, value: int) -> int:
    """Vote +1 or -1; the same vote again takes it back. Returns the post's new score."""
    if value not in (1, -1):
        raise Invalid(_("A vote is up or down."))
    if post.status != VISIBLE:
        raise Conflict(_("This post takes no votes."))
    if post.author_id == user.id:
        raise Forbidden(_("You cannot vote on your own post."))
    kind, model = post.kind, type(post)
    where = (Vote.user == user.id) & (Vote.post_kind == kind) & (Vote.post_id == post.id)
    try:
        with db.atomic():
            current = Vote.get_or_none(where)
            if current is None:
                Vote.create(user=user, post_kind=kind, post_id=post.id, value=value)
            elif current.value == value:
                current.delete_instance()
            else:
                Vote.update(value=value).where(Vote.id == current.id).execute()
            # The score is counted from the votes in the same transaction: parallel votes
            # never lose one another.
            total = (Vote.select(fn.COALESCE(fn.SUM(Vote.value), 0))
                     .where((Vote.post_kind == kind) & (Vote.post_id == post.id)))
            model.update(score=total).where(model.id == post.id).execute()
    except IntegrityError:
        pass  # the same first vote sent twice at once: one row stands
    return model.get_by_id(post.id).score


def may_accept(user, question: Question) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        question.author_id == user.id or is_staff(user))


def accept(user: User, question: Question, answer: Answer, now: datetime) -> bool:
    """Accept an answer (or, when it is the accepted one, take that back); True: accepted."""
    if not may_accept(user, question):
        raise Forbidden(_("Only the question's author and staff accept an answer."))
    if answer.question_id != question.id or answer.status != VISIBLE:
        raise Conflict(_("Only a shown answer of this question can be accepted."))
    accepted = question.accepted_answer_id != answer.id
    with db.atomic():
        Question.update(accepted_answer_id=answer.id if accepted else None,
                        active_at=now).where(Question.id == question.id).execute()
        question = Question.get_by_id(question.id)
        indexing.index_question(question)
        if accepted:
            notify.accepted(question, answer, user)
    return accepted
