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

from datetime import UTC, datetime, timedelta

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


    def lock_get(self, key: str) -> tuple[int, int]:
        """(failures, blocked until as a UNIX time) of a log-in lock; (0, 0) when none."""
        row = RateCounter.get_or_none((RateCounter.key == key) & (RateCounter.window_start == 0))
        if row is None:
            return 0, 0
        return row.hits, int((row.expires_at - LOCK_MEMORY).replace(tzinfo=UTC).timestamp())

    def lock_set(self, key: str, failures: int, until: int) -> None:
        # The row is kept a day past the block, so a later failure makes the next one longer.
        kept = datetime.fromtimestamp(until, UTC).replace(tzinfo=None) + LOCK_MEMORY
        (RateCounter.insert(key=key, window_start=0, hits=failures, expires_at=kept)
         .on_conflict(conflict_target=[RateCounter.key, RateCounter.window_start],
                      update={RateCounter.hits: failures, RateCounter.expires_at: kept})
         .execute())


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


    def lock_get(self, key: str) -> tuple[int, int]:
        found = self.redis.hmget(f"portal:lock:{key}", "failures", "until")
        return int(found[0] or 0), int(found[1] or 0)

    def lock_set(self, key: str, failures: int, until: int) -> None:
        name = f"portal:lock:{key}"
        with self.redis.pipeline() as pipe:
            pipe.hset(name, mapping={"failures": failures, "until": until})
            pipe.expireat(name, until + int(LOCK_MEMORY.total_seconds()))
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


# Wrong passwords for one account from one address: the first FREE_FAILURES cost nothing, then
# each one blocks that pair for a delay that doubles (1, 2, 4 ... minutes, at most an hour).
# Other addresses (the owner's own browser elsewhere) are not blocked by it; a successful
# log-in ends the pair's count, and a password reset lifts every block of the account.
FREE_FAILURES = 5
MAX_DELAY_MINUTES = 60
LOCK_MEMORY = timedelta(days=1)
_FOREVER = 10 * 365 * 24 * 3600


def _lock_key(account: str) -> str | None:
    counts = _counts()
    if counts is None:
        return None
    account = account.strip().lower()
    generation = counts.count(f"lockgen:{account}", 0)
    return f"lock:{generation}:{account}|{client_address()}"


def login_blocked_until(account: str) -> datetime | None:
    """When this address may try the account's password again (UTC), or None: now."""
    key = _lock_key(account)
    if key is None:
        return None
    _failures, until = _counts().lock_get(key)
    now = int(clock.utc_now().timestamp())
    return datetime.fromtimestamp(until, UTC) if until > now else None


def note_login_failure(account: str) -> None:
    key = _lock_key(account)
    if key is None:
        return
    failures, _until = _counts().lock_get(key)
    failures += 1
    now = int(clock.utc_now().timestamp())
    delay = 0 if failures < FREE_FAILURES else 60 * min(MAX_DELAY_MINUTES,
                                                         2 ** (failures - FREE_FAILURES))
    _counts().lock_set(key, failures, now + delay)


def forget_login_failures(account: str) -> None:
    """A successful log-in: this address starts again from nothing."""
    key = _lock_key(account)
    if key is not None:
        _counts().lock_set(key, 0, int(clock.utc_now().timestamp()))


def lift_login_blocks(account: str) -> None:
    """A reset password: every address's block of the account ends (a new generation)."""
    counts = _counts()
    if counts is not None:
        counts.hit(f"lockgen:{account.strip().lower()}", 0, _FOREVER)
