"""Staff tables: which support lines an agent works, and their saved queue views."""
from __future__ import annotations

from peewee import AutoField, CharField, DateTimeField, ForeignKeyField

from portal.accounts.models import User
from portal.clock import stored_now
from portal.db import BaseModel

VIEW_NAME_MAX = 80


class StaffLine(BaseModel):
    """An agent belongs to one of the policy's support lines (`policy.lines`, e.g. sla1)."""

    id = AutoField()
    user = ForeignKeyField(User, backref="support_lines", on_delete="CASCADE")
    line = CharField(max_length=64)

    class Meta:
        table_name = "staff_line"
        indexes = ((("user", "line"), True),)

    @classmethod
    def codes_of(cls, user) -> list[str]:
        """The line codes of `user`, in code order (empty for anyone outside every line)."""
        return [row.line for row in
                cls.select(cls.line).where(cls.user == user).order_by(cls.line)]


class SavedView(BaseModel):
    """A staff user's named set of queue filters, kept as a normalised query string."""

    id = AutoField()
    user = ForeignKeyField(User, backref="saved_views", on_delete="CASCADE")
    name = CharField(max_length=VIEW_NAME_MAX)
    query = CharField(max_length=500, default="")
    created_at = DateTimeField(default=stored_now)

    class Meta:
        table_name = "staff_saved_view"
        indexes = ((("user", "name"), True),)

    @classmethod
    def of(cls, user):
        return cls.select().where(cls.user == user).order_by(cls.name)
