"""Community mail: a new answer to a question's followers, an accepted answer to its author;
every message carries a one-click unsubscribe for the question and a link to stop all."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from portal.accounts.models import User
from portal.community.models import Answer, Follow, MailOptOut, Question
from portal.community.text import plain_text
from portal.errors import Malformed
from portal.mail.outbox import queue_mail
from portal.mail.render import external_url

EVERY_QUESTION = 0


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="community-unsubscribe")


def unsubscribe_token(user: User, question_id: int) -> str:
    """A link's proof: this user, this question (0: all community mail)."""
    return _signer().dumps([user.id, question_id])


def read_token(token: str) -> tuple[User, int]:
    try:
        user_id, question_id = _signer().loads(token)
        user = User.get_by_id(int(user_id))
        return user, int(question_id)
    except (BadSignature, ValueError, TypeError, User.DoesNotExist) as error:
        raise Malformed("bad unsubscribe link") from error


def unsubscribe(user: User, question_id: int) -> None:
    """Stop mail of one question, or of the whole community."""
    if question_id == EVERY_QUESTION:
        if not MailOptOut.select().where(MailOptOut.user == user).exists():
            MailOptOut.create(user=user)
    else:
        Follow.delete().where((Follow.user == user)
                              & (Follow.question == question_id)).execute()


def _send(user: User, template: str, question: Question, **context) -> None:
    if MailOptOut.select().where(MailOptOut.user == user).exists() or not user.active:
        return
    one = external_url("community.unsubscribe", token=unsubscribe_token(user, question.id))
    every = external_url("community.unsubscribe",
                         token=unsubscribe_token(user, EVERY_QUESTION))
    queue_mail(user.email, template, user.language, thread_key=f"community:{question.id}",
               list_unsubscribe=one, name=user.name, title=question.title,
               link=external_url("community.question", question_id=question.id),
               unsubscribe_one=one, unsubscribe_every=every, **context)


def new_answer(question: Question, answer: Answer) -> None:
    """Each follower except the answer's author hears of it."""
    followers = (User.select().join(Follow, on=(Follow.user == User.id))
                 .where((Follow.question == question.id) & (User.id != answer.author_id)))
    excerpt = plain_text(answer.body)[:600]
    for user in followers:
        _send(user, "community_answer", question, author=answer.author.name, excerpt=excerpt,
              official=answer.official)


def accepted(question: Question, answer: Answer, actor: User) -> None:
    """The answer's author (and the question's, when staff accepted) hear of it."""
    told = {actor.id}
    for user in (answer.author, question.author):
        if user.id not in told:
            told.add(user.id)
            _send(user, "community_accepted", question, accepted_by=actor.name,
                  own_answer=user.id == answer.author_id)
