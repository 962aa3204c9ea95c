"""Community tables: questions, answers, comments, votes, tags, edit history, reports,
followers and opt-outs of community mail."""
from __future__ import annotations

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from portal.accounts.models import User
from portal.clock import stored_now
from portal.db import BaseModel

# A post's state: shown; hidden by a moderator (staff only, not indexed); deleted (a tombstone).
VISIBLE, HIDDEN, DELETED = "visible", "hidden", "deleted"
QUESTION, ANSWER, COMMENT = "question", "answer", "comment"


class Question(BaseModel):
    """A question asked in the community; score and counts are kept beside it for the lists."""

    id = AutoField()
    token = CharField(max_length=64, unique=True)  # one question per submitted form
    author = ForeignKeyField(User, backref="community_questions", on_delete="CASCADE")
    title = CharField(max_length=200)
    body = TextField()
    body_html = TextField()
    product = CharField(max_length=64, default="")
    version = CharField(max_length=32, default="")
    status = CharField(max_length=16, default=VISIBLE)
    score = IntegerField(default=0)
    answer_count = IntegerField(default=0)
    accepted_answer_id = IntegerField(null=True)
    official = BooleanField(default=False)  # staff answered
    created_at = DateTimeField(default=stored_now)
    active_at = DateTimeField(default=stored_now)  # last answer or edit, for "active" order
    edited_at = DateTimeField(null=True)
    edited_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    deleted_at = DateTimeField(null=True)

    class Meta:
        table_name = "community_question"
        indexes = ((("status", "created_at"), False), (("status", "score"), False),
                   (("status", "answer_count"), False), (("product", "status"), False))

    @property
    def kind(self) -> str:
        return QUESTION


class Answer(BaseModel):
    """An answer to a question; staff answers are official."""

    id = AutoField()
    token = CharField(max_length=64, unique=True)
    question = ForeignKeyField(Question, backref="answers", on_delete="CASCADE")
    author = ForeignKeyField(User, backref="community_answers", on_delete="CASCADE")
    body = TextField()
    body_html = TextField()
    status = CharField(max_length=16, default=VISIBLE)
    score = IntegerField(default=0)
    official = BooleanField(default=False)
    created_at = DateTimeField(default=stored_now)
    edited_at = DateTimeField(null=True)
    edited_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    deleted_at = DateTimeField(null=True)

    class Meta:
        table_name = "community_answer"
        indexes = ((("question", "status"), False),)

    @property
    def kind(self) -> str:
        return ANSWER


class Comment(BaseModel):
    """A short remark under a question or an answer (answer is None: under the question)."""

    id = AutoField()
    token = CharField(max_length=64, unique=True)
    question = ForeignKeyField(Question, backref="comments", on_delete="CASCADE")
    answer = ForeignKeyField(Answer, null=True, backref="comments", on_delete="CASCADE")
    author = ForeignKeyField(User, backref="community_comments", on_delete="CASCADE")
    body = TextField()
    body_html = TextField()
    status = CharField(max_length=16, default=VISIBLE)
    created_at = DateTimeField(default=stored_now)

    class Meta:
        table_name = "community_comment"
        indexes = ((("question", "status"), False),)

    @property
    def kind(self) -> str:
        return COMMENT


class QuestionTag(BaseModel):
    id = AutoField()
    question = ForeignKeyField(Question, backref="tag_rows", on_delete="CASCADE")
    tag = CharField(max_length=40)

    class Meta:
        table_name = "community_question_tag"
        indexes = ((("question", "tag"), True), (("tag",), False))


class Vote(BaseModel):
    """One user's vote on a question or an answer: +1 or -1."""

    id = AutoField()
    user = ForeignKeyField(User, on_delete="CASCADE", backref="+")
    post_kind = CharField(max_length=16)
    post_id = IntegerField()
    value = IntegerField()
    created_at = DateTimeField(default=stored_now)

    class Meta:
        table_name = "community_vote"
        indexes = ((("user", "post_kind", "post_id"), True), (("post_kind", "post_id"), False))


class Revision(BaseModel):
    """A post as it was before an edit (title only for questions)."""

    id = AutoField()
    post_kind = CharField(max_length=16)
    post_id = IntegerField()
    editor = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    edited_at = DateTimeField(default=stored_now)
    title = CharField(max_length=200, default="")
    body = TextField()

    class Meta:
        table_name = "community_revision"
        indexes = ((("post_kind", "post_id"), False),)


class Report(BaseModel):
    """A report of abuse on a post; staff hide the post or dismiss the report."""

    id = AutoField()
    post_kind = CharField(max_length=16)
    post_id = IntegerField()
    question = ForeignKeyField(Question, on_delete="CASCADE", backref="+")
    reporter = ForeignKeyField(User, on_delete="CASCADE", backref="+")
    reason = CharField(max_length=32)
    note = CharField(max_length=500, default="")
    status = CharField(max_length=16, default="open")  # open, hidden, dismissed
    created_at = DateTimeField(default=stored_now)
    resolved_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    resolved_at = DateTimeField(null=True)

    class Meta:
        table_name = "community_report"
        indexes = ((("status", "created_at"), False),
                   (("post_kind", "post_id", "reporter"), False))


class Follow(BaseModel):
    """Who is told of new answers to a question."""

    id = AutoField()
    user = ForeignKeyField(User, on_delete="CASCADE", backref="+")
    question = ForeignKeyField(Question, on_delete="CASCADE", backref="follows")
    created_at = DateTimeField(default=stored_now)

    class Meta:
        table_name = "community_follow"
        indexes = ((("user", "question"), True),)


class MailOptOut(BaseModel):
    """A user who asked for no community mail at all."""

    id = AutoField()
    user = ForeignKeyField(User, unique=True, on_delete="CASCADE", backref="+")
    created_at = DateTimeField(default=stored_now)

    class Meta:
        table_name = "community_mail_opt_out"


TABLES = [Question, Answer, Comment, QuestionTag, Vote, Revision, Report, Follow, MailOptOut]
