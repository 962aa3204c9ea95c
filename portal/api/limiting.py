"""Rate limits of the API with Flask-Limiter, counted where every worker sees them: Redis when
the portal has it, else the database's `rate_counter` table (a storage for `limits`)."""
from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import ClassVar

from flask import current_app
from flask_limiter import Limiter
from limits.storage import Storage
from peewee import DatabaseError

from portal.api.auth import current_token, limit_key
from portal.db import db
from portal.limits import RateCounter

SCHEME = "portal-db"


def _stored(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, UTC).replace(tzinfo=None)


class DatabaseStorage(Storage):
    """Fixed windows in `rate_counter`: one row per key, its hits and when it expires."""

    STORAGE_SCHEME: ClassVar[list[str]] = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return DatabaseError

    @staticmethod
    def _name(key: str) -> str:
        return f"flask-limiter:{key}"[:300]

    def _row(self, key: str):
        return RateCounter.get_or_none((RateCounter.key == self._name(key))
                                       & (RateCounter.window_start == 0)
                                       & (RateCounter.expires_at > _stored(time.time())))

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        name = self._name(key)
        with db.atomic():
            (RateCounter.delete().where((RateCounter.key == name)
                                        & (RateCounter.expires_at <= _stored(now))).execute())
            (RateCounter.insert(key=name, window_start=0, hits=amount,
                                expires_at=_stored(now + expiry))
             .on_conflict(conflict_target=[RateCounter.key, RateCounter.window_start],
                          update={RateCounter.hits: RateCounter.hits + amount}).execute())
        return self.get(key)

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.hits if row is not None else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        if row is None:
            return time.time()
        return row.expires_at.replace(tzinfo=UTC).timestamp()

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        return (RateCounter.delete().where(RateCounter.key.startswith("flask-limiter:"))
                .execute())

    def clear(self, key: str) -> None:
        RateCounter.delete().where(RateCounter.key == self._name(key)).execute()


def rate() -> str:
    """The limit of this request: a token's, or the smaller one of anonymous requests."""
    config = current_app.config
    if current_token() is not None:
        return config["API_RATE_LIMIT"]
    return config["API_ANONYMOUS_RATE_LIMIT"]


def make_limiter(app) -> Limiter:
    redis_url = app.config.get("REDIS_URL")
    limiter = Limiter(limit_key, storage_uri=redis_url or f"{SCHEME}://",
                      headers_enabled=True, strategy="fixed-window",
                      key_prefix="portal-api")
    limiter.init_app(app)
    return limiter
