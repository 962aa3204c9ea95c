"""Rate limits shared by every worker and host: counters in Redis when configured, else in the
database (`rate_counter`), never in one process's memory.

- attempt counters (`refuse_when_exhausted` / `count_attempt`): failed log-ins, reset requests,
  votes, per client address and per account;
- mail a person can make the portal send (`charge_mail`): per recipient address, per user (or
  anonymous client address) and per organization, per hour and per day (PORTAL_MAIL_LIMIT_*).

Windows are fixed (an hour from the full hour, a day from midnight UTC). The client address is
`request.remote_addr`, which ProxyFix (portal.security) sets from X-Forwarded-For only for the
configured number of trusted proxies.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, abort, current_app, request
from flask_babel import gettext as _
from limits import RateLimitItem, parse, parse_many
from peewee import AutoField, BigIntegerField, CharField, DateTimeField, IntegerField

from portal import clock
from portal.db import BaseModel
from portal.errors import Limited

FAILED_LOGINS = parse("10/minute")
RESET_REQUESTS = parse("10/minute")


class RateCounter(BaseModel):
    """Hits of one key in one fixed window (used when Redis is not configured)."""

    id = AutoField()
    key = CharField(max_length=300)
    window_start = BigIntegerField()
    hits = IntegerField(default=0)
    expires_at = DateTimeField(index=True)

    class Meta:
        table_name = "rate_counter"
        indexes = ((("key", "window_start"), True),)


class DatabaseCounts:
    """Counters in the portal's database: every worker and host sees the same numbers."""

    def count(self, key: str, window_start: int) -> int:
        row = RateCounter.get_or_none((RateCounter.key == key)
                                      & (RateCounter.window_start == window_start))
        return row.hits if row is not None else 0

    def hit(self, key: str, window_start: int, seconds: int) -> None:
        now = clock.stored_now()
        (RateCounter.insert(key=key, window_start=window_start, hits=1,
                            expires_at=now + timedelta(seconds=seconds))
         .on_conflict(conflict_target=[RateCounter.key, RateCounter.window_start],
                      update={RateCounter.hits: RateCounter.hits + 1})
         .execute())
        RateCounter.delete().where(RateCounter.expires_at < now).execute()


class RedisCounts:
    """Counters in Redis: one key per window, expiring with it."""

    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url)

    @staticmethod
    def _name(key: str, window_start: int) -> str:
        return f"portal:rate:{key}:{window_start}"

    def count(self, key: str, window_start: int) -> int:
        return int(self.redis.get(self._name(key, window_start)) or 0)

    def hit(self, key: str, window_start: int, seconds: int) -> None:
        name = self._name(key, window_start)
        with self.redis.pipeline() as pipe:
            pipe.incr(name)
            pipe.expire(name, seconds + 60)
            pipe.execute()


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_ENABLED", True)
    redis_url = app.config.get("REDIS_URL")
    app.extensions["portal_counts"] = RedisCounts(redis_url) if redis_url else DatabaseCounts()


def _counts() -> DatabaseCounts | RedisCounts | None:
    if not current_app.config.get("RATELIMIT_ENABLED"):
        return None
    return current_app.extensions["portal_counts"]


def _window(limit: RateLimitItem) -> tuple[int, int]:
    seconds = int(limit.get_expiry())
    return int(clock.utc_now().timestamp()) // seconds, seconds


def _limit_key(limit: RateLimitItem, scope: str, key: str) -> str:
    return f"{scope}:{limit.amount}/{int(limit.get_expiry())}:{key}"


def used_up(limit: RateLimitItem, scope: str, key: str) -> bool:
    counts = _counts()
    if counts is None:
        return False
    window_start, _seconds = _window(limit)
    return counts.count(_limit_key(limit, scope, key), window_start) >= limit.amount


def hit(limit: RateLimitItem, scope: str, key: str) -> None:
    counts = _counts()
    if counts is None:
        return
    window_start, seconds = _window(limit)
    counts.hit(_limit_key(limit, scope, key), window_start, seconds)


def client_address() -> str:
    """The visitor's address (behind trusted proxies, the one they forwarded)."""
    return request.remote_addr or "unknown"


def _keys(account: str) -> list[str]:
    return [f"address:{client_address()}", f"account:{account.strip().lower()}"]


def refuse_when_exhausted(limit: RateLimitItem, scope: str, account: str) -> None:
    """Answer 429 when the address or the account used up `limit` (checked before work)."""
    if any(used_up(limit, scope, key) for key in _keys(account)):
        abort(429)


def count_attempt(limit: RateLimitItem, scope: str, account: str) -> None:
    """Count one attempt against the address and the account."""
    for key in _keys(account):
        hit(limit, scope, key)


def _mail_refusal(party: str, limit: RateLimitItem) -> Limited:
    hourly = limit.get_expiry() <= 3600
    count = limit.amount
    if party == "address":
        message = (_("The portal has already sent %(count)d messages to this address within "
                     "an hour. Try again later.", count=count) if hourly else
                   _("The portal has already sent %(count)d messages to this address within "
                     "a day. Try again tomorrow.", count=count))
        return Limited(message, field="email")
    if party == "organization":
        message = (_("Your organization has already had the portal send %(count)d messages "
                     "within an hour. Try again later.", count=count) if hourly else
                   _("Your organization has already had the portal send %(count)d messages "
                     "within a day. Try again tomorrow.", count=count))
        return Limited(message)
    message = (_("You have already had the portal send %(count)d messages within an hour. "
                 "Try again later.", count=count) if hourly else
               _("You have already had the portal send %(count)d messages within a day. "
                 "Try again tomorrow.", count=count))
    return Limited(message)


def charge_mail(*, address: str | None = None, sender: str | None = None,
                organization_id: int | None = None) -> None:
    """Count one mail a person makes the portal send, or refuse it (`Limited`) when the
    recipient `address`, the `sender` ("user:<id>" or "client:<address>") or the organization
    has used up its hour or its day. A refused mail is not counted."""
    config = current_app.config
    parties = []
    if address:
        parties.append(("address", address.strip().lower(), config["MAIL_LIMIT_ADDRESS"]))
    if sender:
        parties.append(("sender", sender, config["MAIL_LIMIT_USER"]))
    if organization_id is not None:
        parties.append(("organization", str(organization_id),
                        config["MAIL_LIMIT_ORGANIZATION"]))
    charges = [(party, limit, key) for party, key, rates in parties
               for limit in parse_many(rates)]
    for party, limit, key in charges:
        if used_up(limit, f"mail-{party}", key):
            raise _mail_refusal(party, limit)
    for party, limit, key in charges:
        hit(limit, f"mail-{party}", key)
