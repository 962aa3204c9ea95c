"""Moderation: reports of abuse, the staff queue that hides, restores or dismisses; and what
good answers become (a draft knowledge-base article)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import yaml
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.community import indexing, services
from portal.community.models import (
    ANSWER,
    COMMENT,
    HIDDEN,
    QUESTION,
    VISIBLE,
    Answer,
    Comment,
    Question,
    Report,
)
from portal.community.text import CONTROL_RE, language_of
from portal.db import db
from portal.errors import Conflict, Forbidden, Invalid, NotFound
from portal.roles import is_staff

# The seeds name abusive language among the reasons support stops talking; spam and leaked
# personal data are what every community moderates.
REASONS = {
    "abusive": _l("Abusive or offensive language"),
    "spam": _l("Spam or advertising"),
    "personal_data": _l("Personal data or secrets"),
    "off_topic": _l("Not about our products"),
    "other": _l("Something else"),
}
MODELS = {QUESTION: Question, ANSWER: Answer, COMMENT: Comment}


@dataclass(frozen=True)
class Flagged:
    """One reported post with its open reports, for the moderation queue."""

    kind: str
    post: Question | Answer | Comment
    question: Question
    reports: list[Report]


def post_of(kind: str, post_id: int):
    model = MODELS.get(kind)
    post = model.get_or_none(model.id == post_id) if model else None
    if post is None:
        raise NotFound(_("There is no such post."))
    return post


def _question_of(kind: str, post) -> Question:
    return post if kind == QUESTION else post.question


def report(user: User, kind: str, post_id: int, reason: str, note: str,
           now: datetime) -> Report:
    """A reader reports a post once; reporting again only updates the reason."""
    post = post_of(kind, post_id)
    question = _question_of(kind, post)
    if post.status != VISIBLE or question.status == HIDDEN:
        raise NotFound(_("There is no such post."))
    if reason not in REASONS:
        raise Invalid(_("Choose a reason."), field="reason")
    note = (note or "").strip()
    if CONTROL_RE.search(note) or len(note) > 500:
        raise Invalid(_("Shorten the note to %(count)d characters.", count=500), field="note")
    if reason == "other" and not note:
        raise Invalid(_("Say what is wrong with the post."), field="note")
    with db.atomic():
        existing = Report.get_or_none((Report.post_kind == kind) & (Report.post_id == post.id)
                                      & (Report.reporter == user) & (Report.status == "open"))
        if existing is not None:
            Report.update(reason=reason, note=note).where(Report.id == existing.id).execute()
            return Report.get_by_id(existing.id)
        return Report.create(post_kind=kind, post_id=post.id, question=question,
                             reporter=user, reason=reason, note=note, created_at=now)


def flagged(limit: int = 100) -> list[Flagged]:
    """Posts with open reports, the most reported first."""
    reports = list(Report.select().where(Report.status == "open")
                   .order_by(Report.created_at).limit(limit * 5))
    grouped: dict[tuple[str, int], list[Report]] = {}
    for row in reports:
        grouped.setdefault((row.post_kind, row.post_id), []).append(row)
    found = []
    for (kind, post_id), rows in grouped.items():
        post = MODELS[kind].get_or_none(MODELS[kind].id == post_id)
        if post is not None:
            found.append(Flagged(kind, post, _question_of(kind, post), rows))
    found.sort(key=lambda item: -len(item.reports))
    return found[:limit]


def hidden_posts(limit: int = 100) -> list[tuple[str, object]]:
    """Hidden posts, newest first, for restoring."""
    found = []
    for kind, model in MODELS.items():
        for post in model.select().where(model.status == HIDDEN).order_by(
                model.id.desc()).limit(limit):
            found.append((kind, post))
    found.sort(key=lambda item: item[1].created_at, reverse=True)
    return found[:limit]


def _require_staff(user) -> None:
    if not is_staff(user):
        raise Forbidden(_("Only staff moderate the community."))


def _close_reports(kind: str, post_id: int, outcome: str, staff: User, now: datetime) -> None:
    Report.update(status=outcome, resolved_by=staff, resolved_at=now).where(
        (Report.post_kind == kind) & (Report.post_id == post_id)
        & (Report.status == "open")).execute()


def _set_status(kind: str, post, status: str) -> None:
    model = MODELS[kind]
    model.update(status=status).where(model.id == post.id).execute()
    question = Question.get_by_id(_question_of(kind, post).id)
    if kind == ANSWER:
        services.recount(question)
        question = Question.get_by_id(question.id)
    indexing.index_question(question)


def hide(staff: User, kind: str, post_id: int, now: datetime) -> None:
    """Hide a post: gone for everyone but staff, and from search; its reports are settled."""
    _require_staff(staff)
    post = post_of(kind, post_id)
    if post.status != VISIBLE:
        raise Conflict(_("Only a shown post can be hidden."))
    with db.atomic():
        _set_status(kind, post, HIDDEN)
        _close_reports(kind, post.id, "hidden", staff, now)


def restore(staff: User, kind: str, post_id: int) -> None:
    _require_staff(staff)
    post = post_of(kind, post_id)
    if post.status != HIDDEN:
        raise Conflict(_("Only a hidden post can be restored."))
    with db.atomic():
        _set_status(kind, post, VISIBLE)


def dismiss(staff: User, kind: str, post_id: int, now: datetime) -> None:
    """The reports were wrong: they are closed, the post stays."""
    _require_staff(staff)
    post_of(kind, post_id)
    _close_reports(kind, post_id, "dismissed", staff, now)


def article_draft(staff: User, answer: Answer, today) -> tuple[str, str]:
    """A Markdown file with front matter, ready for kb/: (file name, text)."""
    _require_staff(staff)
    question = answer.question
    language = language_of(question.title + " " + question.body)
    meta = {
        "title": question.title,
        "summary": services.plain_summary(question.body),
        "products": [question.product] if question.product else [],
        "versions": [question.version] if question.version else [],
        "tags": services.tags_of(question),
        "updated": today,
        "language": language,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None)
    source = _("From the community question %(link)s", link=indexing.question_path(question.id))
    text = f"---\n{front}---\n{answer.body.strip()}\n\n<!-- {source} -->\n"
    return f"community-{question.id}.md", text
