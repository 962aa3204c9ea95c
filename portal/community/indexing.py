"""A community question in the one search index: its text with its shown answers, listed once.

A question with an accepted or an official answer ranks higher (the document's boost). Hidden
and deleted questions leave the index; hidden and deleted answers leave the question's text.
"""
from __future__ import annotations

from portal.community.models import VISIBLE, Answer, Question, QuestionTag
from portal.community.text import language_of, plain_text
from portal.search import index

KIND = "post"
ACCEPTED_BOOST, OFFICIAL_BOOST = 1.5, 1.25


def ref_of(question_id: int) -> str:
    return f"question:{question_id}"


def question_path(question_id: int) -> str:
    """The question's page (the route in views.py)."""
    return f"/community/questions/{question_id}"


def index_question(question: Question) -> None:
    """Write (or drop) the question's search document from what is shown now."""
    if question.status != VISIBLE:
        index.remove_document(KIND, ref_of(question.id))
        return
    answers = list(Answer.select().where((Answer.question == question.id)
                                         & (Answer.status == VISIBLE)).order_by(Answer.id))
    # The accepted answer first: a snippet is cut from the start of the text.
    answers.sort(key=lambda answer: answer.id != question.accepted_answer_id)
    text = "\n".join([plain_text(question.body), *(plain_text(a.body) for a in answers)])
    boost = 1.0
    if question.accepted_answer_id and any(a.id == question.accepted_answer_id for a in answers):
        boost *= ACCEPTED_BOOST
    if any(answer.official for answer in answers):
        boost *= OFFICIAL_BOOST
    tags = [row.tag for row in QuestionTag.select().where(QuestionTag.question == question.id)]
    index.upsert_document(
        KIND, ref_of(question.id), language_of(question.title + " " + question.body),
        question.title, text, question_path(question.id),
        products=[question.product] if question.product else [], tags=tags, boost=boost)


def reindex_all() -> int:
    """Every question again (after an import or a change of rules); returns how many shown."""
    shown = 0
    for question in Question.select().order_by(Question.id):
        index_question(question)
        shown += question.status == VISIBLE
    known = {ref_of(q.id) for q in Question.select(Question.id)}
    for ref in index.indexed_refs(KIND) - known:
        index.remove_document(KIND, ref)
    return shown
