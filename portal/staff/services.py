"""Staff services: the support lines an agent works, and saved queue views."""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from peewee import IntegrityError

from portal.accounts.models import User
from portal.db import db
from portal.domain.policy import Policy
from portal.errors import Forbidden, Invalid, NotFound
from portal.roles import is_staff
from portal.staff.models import VIEW_NAME_MAX as NAME_MAX
from portal.staff.models import SavedView, StaffLine


def set_lines(policy: Policy, user: User, codes: Iterable[str]) -> list[str]:
    """Make `codes` the support lines of a staff member (replacing the ones they had)."""
    if not user.is_staff:
        raise Forbidden(_("Only support staff work in support lines."))
    chosen = sorted(set(codes))
    if not policy.lines:
        raise Invalid(_("This support policy has no support lines."), field="lines")
    unknown = [code for code in chosen if policy.line(code) is None]
    if unknown or not chosen:
        raise Invalid(_("Unknown support line: %(codes)s. The policy's lines: %(known)s.",
                        codes=", ".join(unknown) or "-",
                        known=", ".join(line.code for line in policy.lines)), field="lines")
    with db.atomic():
        StaffLine.delete().where(StaffLine.user == user).execute()
        StaffLine.insert_many([{"user": user.id, "line": code} for code in chosen]).execute()
    return chosen


def save_view(user: User, name: str, query: str) -> tuple[SavedView, bool]:
    """Keep the filters `query` under `name` for `user`; a view of that name takes the new
    filters. Returns the view and whether it was new."""
    if not is_staff(user):
        raise Forbidden(_("Only support staff may do this."))
    name = " ".join((name or "").split())
    if not name:
        raise Invalid(_("Name the view."), field="name")
    if len(name) > NAME_MAX:
        raise Invalid(_("At most %(count)d characters.", count=NAME_MAX), field="name")
    for _attempt in range(2):
        existing = SavedView.get_or_none((SavedView.user == user) & (SavedView.name == name))
        if existing is not None:
            SavedView.update(query=query).where(SavedView.id == existing.id).execute()
            existing.query = query
            return existing, False
        try:
            with db.atomic():
                return SavedView.create(user=user, name=name, query=query), True
        except IntegrityError:  # saved at the same moment elsewhere: take that one
            continue
    raise Invalid(_("Name the view."), field="name")  # pragma: no cover - two races in a row


def delete_view(user: User, view_id: int) -> SavedView:
    """Delete one of the user's own views; another's reads as missing."""
    view = SavedView.get_or_none((SavedView.id == view_id) & (SavedView.user == user))
    if view is None:
        raise NotFound(_("There is no such saved view."))
    view.delete_instance()
    return view
