"""Lists of questions (newest, most voted, unanswered, recently active; by tag or product),
a question's answers in reading order, and what relates to a question."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

from peewee import JOIN, fn

from portal.accounts.models import User
from portal.community import indexing
from portal.community.models import VISIBLE, Answer, Comment, Question, QuestionTag
from portal.search import index

SORTS = ("newest", "active", "votes", "unanswered")
RELATED_SECONDS, RELATED_KEPT = 300.0, 2000
_related: dict[tuple, tuple[float, tuple[list, list]]] = {}
PAGE_SIZE = 20


@dataclass(frozen=True)
class QuestionPage:
    questions: list[Question]
    tags: dict[int, list[str]]
    total: int
    page: int
    sort: str

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))


def questions(sort: str = "newest", page: int = 1, tag: str = "", product: str = "",
              text: str = "") -> QuestionPage:
    """One page of visible questions; a page past the last shows the last."""
    sort = sort if sort in SORTS else "newest"
    query = (Question.select(Question, User).join(User, on=(Question.author == User.id))
             .where(Question.status == VISIBLE))
    if tag:
        query = query.where(Question.id.in_(
            QuestionTag.select(QuestionTag.question).where(QuestionTag.tag == tag)))
    if product:
        query = query.where(Question.product == product)
    if text:
        query = query.where(Question.title.contains(text[:100]))
    if sort == "unanswered":
        query = query.where(Question.answer_count == 0)
    order = {"newest": [Question.created_at.desc()],
             "active": [Question.active_at.desc()],
             "votes": [Question.score.desc(), Question.created_at.desc()],
             "unanswered": [Question.created_at.desc()]}[sort]
    total = query.count()
    page = min(max(1, page), max(1, math.ceil(total / PAGE_SIZE)))
    found = list(query.order_by(*order, Question.id.desc()).paginate(page, PAGE_SIZE))
    return QuestionPage(found, tags_by_question([q.id for q in found]), total, page, sort)


def tags_by_question(ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if ids:
        rows = QuestionTag.select().where(QuestionTag.question.in_(ids)).order_by(QuestionTag.tag)
        for row in rows:
            found.setdefault(row.question_id, []).append(row.tag)
    return found


def answers_of(question: Question, staff: bool) -> list[Answer]:
    """Accepted first, then the best voted, then the oldest; hidden ones for staff only."""
    query = (Answer.select(Answer, User).join(User, on=(Answer.author == User.id))
             .where(Answer.question == question.id))
    if not staff:
        query = query.where(Answer.status != "hidden")
    answers = list(query)
    answers.sort(key=lambda a: (a.id != question.accepted_answer_id, -a.score, a.created_at,
                                a.id))
    return answers


def comments_of(question: Question, staff: bool) -> dict[int | None, list[Comment]]:
    """Comments by the answer they belong to (None: the question's own)."""
    query = (Comment.select(Comment, User).join(User, on=(Comment.author == User.id))
             .switch(Comment).join(Answer, JOIN.LEFT_OUTER, on=(Comment.answer == Answer.id))
             .where(Comment.question == question.id).order_by(Comment.created_at, Comment.id))
    if not staff:
        query = query.where(Comment.status == VISIBLE)
    found: dict[int | None, list[Comment]] = {}
    for comment in query:
        found.setdefault(comment.answer_id, []).append(comment)
    return found


def related(question: Question, language: str, limit: int = 5) -> tuple[list, list]:
    """Articles and other questions near this one's title: (articles, questions).

    Kept a few minutes per question, its last activity and the index's writes in this
    process: it changes as the index does, not with each reader.
    """
    key = (question.id, question.active_at, language, limit, index.writes())
    now = time.monotonic()
    cached = _related.get(key)
    if cached and cached[0] > now:
        return cached[1]
    articles = index.suggest(question.title, limit=limit, language=language)
    posts = index.suggest(question.title, limit=limit, kind=indexing.KIND,
                          leave_out=indexing.ref_of(question.id))
    if len(_related) >= RELATED_KEPT:
        _related.clear()
    _related[key] = (now + RELATED_SECONDS, (articles, posts))
    return articles, posts


def counts_by_tag(limit: int = 30) -> list[tuple[str, int]]:
    """The most used tags of visible questions."""
    rows = (QuestionTag.select(QuestionTag.tag, fn.COUNT(QuestionTag.id).alias("uses"))
            .join(Question).where(Question.status == VISIBLE)
            .group_by(QuestionTag.tag).order_by(fn.COUNT(QuestionTag.id).desc(), QuestionTag.tag)
            .limit(limit))
    return [(row.tag, row.uses) for row in rows]
