"""Asking, answering, commenting, editing and deleting in the community; who may see what.

Every write checks its text (no control characters, within bounds), the posting limit of new
accounts, and the form's token (a double submit makes one post), then re-indexes the
question so search follows at once.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from peewee import IntegrityError

from portal.accounts.models import User
from portal.community import indexing, notify
from portal.community.models import (
    ANSWER,
    DELETED,
    HIDDEN,
    QUESTION,
    VISIBLE,
    Answer,
    Comment,
    Follow,
    Question,
    QuestionTag,
    Revision,
)
from portal.community.text import CONTROL_RE, render_post
from portal.db import db
from portal.errors import Exhausted, Forbidden, Invalid, NotFound
from portal.roles import is_staff

TITLE_MIN, TITLE_MAX = 10, 200
BODY_MIN, BODY_MAX = 20, 20000
ANSWER_MIN = 10
COMMENT_MIN, COMMENT_MAX = 2, 600
TAGS_MAX, TAG_MAX = 5, 30
# Accounts younger than this post at most POSTS_PER_HOUR times an hour.
NEW_ACCOUNT_AGE = timedelta(days=7)
POSTS_PER_HOUR = 5
_TAG_RE = re.compile(r"^[\w][\w.+#-]*$")


@dataclass(frozen=True)
class QuestionText:
    title: str
    body: str
    product: str = ""
    version: str = ""
    tags: list[str] | str = field(default_factory=list)  # a list, or as typed


def is_new_account(user: User, now: datetime) -> bool:
    """A customer account younger than a week: limited posting, links marked nofollow."""
    return not is_staff(user) and user.created_at > now - NEW_ACCOUNT_AGE


def _checked(text: str, name: str, low: int, high: int) -> str:
    text = (text or "").strip()
    if CONTROL_RE.search(text):
        raise Invalid(_("Remove the control characters from the text."), field=name)
    if len(text) < low:
        raise Invalid(_("Write at least %(count)d characters.", count=low), field=name)
    if len(text) > high:
        raise Invalid(_("Shorten the text to %(count)d characters.", count=high), field=name)
    return text


def normal_tags(raw: list[str] | str) -> list[str]:
    """Tags as typed (comma or space separated), lower case, unique, checked."""
    words = raw.replace(",", " ").split() if isinstance(raw, str) else raw
    tags: list[str] = []
    for word in words:
        tag = word.strip().lower().lstrip("#")
        if not tag or tag in tags:
            continue
        if len(tag) > TAG_MAX or not _TAG_RE.match(tag):
            raise Invalid(_("A tag is one word of letters, digits, “-”, “.” or “+”, at most "
                            "%(count)d characters.", count=TAG_MAX), field="tags")
        tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise Invalid(_("Give at most %(count)d tags.", count=TAGS_MAX), field="tags")
    return tags


def _within_limit(user: User, now: datetime) -> None:
    if not is_new_account(user, now):
        return
    since = now - timedelta(hours=1)
    posts = [model.select(model.created_at).where((model.author == user)
                                                  & (model.created_at > since))
             for model in (Question, Answer, Comment)]
    moments = sorted(row.created_at for query in posts for row in query)
    if len(moments) >= POSTS_PER_HOUR:
        again = moments[-POSTS_PER_HOUR] + timedelta(hours=1)
        minutes = max(1, int((again - now).total_seconds() // 60) + 1)
        raise Exhausted(_("New accounts may post %(count)d times an hour. Try again in "
                          "%(minutes)d min.", count=POSTS_PER_HOUR, minutes=minutes))


def can_see(user, post) -> bool:
    """Hidden posts are for staff only; deleted ones show as a tombstone to everyone."""
    return post.status != HIDDEN or is_staff(user)


def can_edit(user, post) -> bool:
    return (bool(getattr(user, "is_authenticated", False)) and post.status == VISIBLE
            and (post.author_id == user.id or is_staff(user)))


def question_for(user, question_id: int) -> Question:
    """The question as this reader may see it; hidden ones are missing for non-staff."""
    question = Question.get_or_none(Question.id == question_id)
    if question is None or not can_see(user, question):
        raise NotFound(_("There is no such question."))
    return question


def answer_for(user, answer_id: int) -> Answer:
    answer = Answer.get_or_none(Answer.id == answer_id)
    if answer is None or not can_see(user, answer) or not can_see(user, answer.question):
        raise NotFound(_("There is no such answer."))
    return answer


def _open_for_posts(question: Question) -> None:
    if question.status != VISIBLE:
        raise NotFound(_("There is no such question."))


def follow(user: User, question: Question) -> None:
    if not Follow.select().where((Follow.user == user) & (Follow.question == question)).exists():
        try:
            with db.atomic():
                Follow.create(user=user, question=question)
        except IntegrityError:
            pass  # followed in a parallel request


def set_tags(question: Question, tags: list[str]) -> None:
    QuestionTag.delete().where(QuestionTag.question == question).execute()
    if tags:
        QuestionTag.insert_many([{"question": question.id, "tag": tag} for tag in tags]).execute()


def tags_of(question: Question) -> list[str]:
    return [row.tag for row in question.tag_rows.order_by(QuestionTag.tag)]


def _once(model, token: str, write: Callable[[], object]):
    """The post of this form's token: found, or written by `write` (checks, then one
    transaction); a double submit racing this one finds the row the other wrote."""
    existing = model.get_or_none(model.token == token)
    if existing is not None:
        return existing
    try:
        return write()
    except IntegrityError:
        existing = model.get_or_none(model.token == token)
        if existing is None:
            raise
        return existing


def ask(user: User, text: QuestionText, token: str, now: datetime) -> Question:
    """A new question; the same form sent twice (one token) asks once."""
    def write() -> Question:
        title = _checked(text.title, "title", TITLE_MIN, TITLE_MAX)
        body = _checked(text.body, "body", BODY_MIN, BODY_MAX)
        tags = normal_tags(text.tags)
        version = _checked(text.version, "version", 0, 32)
        _within_limit(user, now)
        with db.atomic():
            question = Question.create(
                token=token, author=user, title=title, body=body,
                body_html=render_post(body, is_new_account(user, now)), product=text.product,
                version=version, created_at=now, active_at=now)
            set_tags(question, tags)
            Follow.create(user=user, question=question, created_at=now)
            indexing.index_question(question)
        return question

    return _once(Question, token, write)


def add_answer(user: User, question: Question, body: str, token: str, now: datetime) -> Answer:
    """An answer (official when staff write it); its author follows the question."""
    def write() -> Answer:
        _open_for_posts(question)
        text = _checked(body, "body", ANSWER_MIN, BODY_MAX)
        _within_limit(user, now)
        with db.atomic():
            answer = Answer.create(token=token, question=question, author=user, body=text,
                                   body_html=render_post(text, is_new_account(user, now)),
                                   official=is_staff(user), created_at=now)
            recount(question, now)
            follow(user, question)
            indexing.index_question(Question.get_by_id(question.id))
            notify.new_answer(question, answer)
        return answer

    return _once(Answer, token, write)


def add_comment(user: User, question: Question, answer: Answer | None, body: str, token: str,
                now: datetime) -> Comment:
    def write() -> Comment:
        _open_for_posts(question)
        if answer is not None and (answer.question_id != question.id
                                   or answer.status != VISIBLE):
            raise NotFound(_("There is no such answer."))
        text = _checked(body, "body", COMMENT_MIN, COMMENT_MAX)
        _within_limit(user, now)
        with db.atomic():
            return Comment.create(token=token, question=question, answer=answer, author=user,
                                  body=text, body_html=render_post(text, is_new_account(user, now)),
                                  created_at=now)

    return _once(Comment, token, write)


def recount(question: Question, now: datetime | None = None) -> None:
    """Answer count and the official mark from the visible answers (one UPDATE)."""
    visible = Answer.select().where((Answer.question == question.id) & (Answer.status == VISIBLE))
    official = visible.where(Answer.official).exists()
    values = {Question.answer_count: visible.count(), Question.official: official}
    if now is not None:
        values[Question.active_at] = now
    Question.update(values).where(Question.id == question.id).execute()


def _keep_revision(kind: str, post, editor: User, now: datetime) -> None:
    Revision.create(post_kind=kind, post_id=post.id, editor=editor, edited_at=now,
                    title=getattr(post, "title", ""), body=post.body)


def edit_question(user: User, question: Question, text: QuestionText, now: datetime) -> None:
    if not can_edit(user, question):
        raise Forbidden(_("Only the author and staff edit a question."))
    title = _checked(text.title, "title", TITLE_MIN, TITLE_MAX)
    body = _checked(text.body, "body", BODY_MIN, BODY_MAX)
    tags = normal_tags(text.tags)
    version = _checked(text.version, "version", 0, 32)
    if (title, body, tags, text.product, version) == (
            question.title, question.body, tags_of(question), question.product,
            question.version):
        return
    with db.atomic():
        _keep_revision(QUESTION, question, user, now)
        Question.update(title=title, body=body, product=text.product, version=version,
                        body_html=render_post(body, is_new_account(question.author, now)),
                        edited_at=now, edited_by=user, active_at=now).where(
            Question.id == question.id).execute()
        set_tags(question, tags)
        indexing.index_question(Question.get_by_id(question.id))


def edit_answer(user: User, answer: Answer, body: str, now: datetime) -> None:
    if not can_edit(user, answer):
        raise Forbidden(_("Only the author and staff edit an answer."))
    body = _checked(body, "body", ANSWER_MIN, BODY_MAX)
    if body == answer.body:
        return
    with db.atomic():
        _keep_revision(ANSWER, answer, user, now)
        Answer.update(body=body, body_html=render_post(body, is_new_account(answer.author, now)),
                      edited_at=now, edited_by=user).where(Answer.id == answer.id).execute()
        indexing.index_question(Question.get_by_id(answer.question_id))


def delete_post(user: User, post, now: datetime) -> None:
    """The author or staff delete: a tombstone stays, the text leaves search."""
    if not can_edit(user, post):
        raise Forbidden(_("Only the author and staff delete a post."))
    model = type(post)
    with db.atomic():
        model.update(status=DELETED, deleted_at=now).where(model.id == post.id).execute()
        question = Question.get_by_id(post.question_id if model is Answer else post.id)
        if model is Answer:
            if question.accepted_answer_id == post.id:
                Question.update(accepted_answer_id=None).where(
                    Question.id == question.id).execute()
            recount(question)
        indexing.index_question(Question.get_by_id(question.id))


def revisions(kind: str, post) -> list[Revision]:
    """Earlier versions of a post, newest first."""
    return list(Revision.select().where((Revision.post_kind == kind)
                                        & (Revision.post_id == post.id))
                .order_by(Revision.edited_at.desc(), Revision.id.desc()))


def plain_summary(body: str, limit: int = 200) -> str:
    """The start of a post's text in one line, cut at a word."""
    from portal.community.text import plain_text

    text = " ".join(plain_text(body).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def personal_data(user: User) -> dict:
    """What `user` wrote in the community and how they voted, for their data download."""
    from portal.community.models import Vote

    def moment(value):
        return value.isoformat() + "Z" if value else None

    mine = [(Question, "questions"), (Answer, "answers"), (Comment, "comments")]
    found: dict = {name: [{"id": post.id, "title": getattr(post, "title", ""),
                           "body": post.body, "status": post.status,
                           "created_at": moment(post.created_at)}
                          for post in model.select().where(model.author == user.id)
                          .order_by(model.id)] for model, name in mine}
    found["votes"] = [{"on": v.post_kind, "id": v.post_id, "value": v.value}
                      for v in Vote.select().where(Vote.user == user.id).order_by(Vote.id)]
    return {"community": found}
