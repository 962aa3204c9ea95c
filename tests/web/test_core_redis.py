"""Redis, when configured: rate limits and the task queue keep their state there.

Runs against the real server named by PORTAL_TEST_REDIS_URL (CI sets it; `.ci/run` starts Redis).
"""
from __future__ import annotations

import os

import pytest

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="PORTAL_TEST_REDIS_URL is not set")


@pytest.fixture
def redis_db():
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    yield connection
    connection.flushdb()


@pytest.fixture
def app_config(app_config, redis_db):
    return dict(app_config, RATELIMIT_ENABLED=True, REDIS_URL=REDIS_URL)


def test_the_log_in_delay_is_kept_in_redis_and_lifted_by_a_reset(client, make_user, redis_db):
    from portal import limits

    make_user(email="boris@romashka.example")
    for _ in range(limits.FREE_FAILURES):
        assert client.post("/login", data={"email": "boris@romashka.example",
                                           "password": "wrong-password"}).status_code == 401
    assert any(key.startswith(b"portal:lock:") for key in redis_db.scan_iter())
    blocked = client.post("/login", data={"email": "boris@romashka.example",
                                          "password": "correct-horse-battery"})
    assert blocked.status_code == 429 and "Попробуйте снова в" in blocked.get_data(as_text=True)
    with client.application.test_request_context():
        limits.lift_login_blocks("boris@romashka.example")
    assert client.post("/login", data={"email": "boris@romashka.example",
                                       "password": "correct-horse-battery"}).status_code == 303


def test_failed_logins_are_counted_in_redis(client, make_user, redis_db, monkeypatch):
    from portal import limits

    monkeypatch.setattr(limits, "FREE_FAILURES", 100)  # the growing delay: the next test
    make_user(email="anna@romashka.example")
    for _ in range(10):
        response = client.post("/login", data={"email": "anna@romashka.example",
                                               "password": "wrong-password"})
        assert response.status_code == 401
    assert redis_db.dbsize() > 0, "the limiter kept its counters somewhere else"
    assert client.post("/login", data={"email": "anna@romashka.example",
                                       "password": "wrong-password"}).status_code == 429


def test_redis_queue_hands_a_task_to_a_worker(redis_db, tmp_path):
    from huey.storage import RedisStorage

    from portal.worker import build_queue

    queue = build_queue({"REDIS_URL": REDIS_URL, "INSTANCE_DIR": str(tmp_path)})
    assert isinstance(queue.storage, RedisStorage)
    done = []

    @queue.task()
    def record(value):
        done.append(value)

    record(42)
    assert queue.pending_count() == 1 and not done
    queue.execute(queue.dequeue())
    assert done == [42] and queue.pending_count() == 0


def test_limits_are_shared_through_redis_by_every_worker(app, app_config, make_user, redis_db,
                                                         monkeypatch):
    """Two app instances (two workers): the counts in Redis hold in total, none in the
    database."""
    from portal import create_app, limits
    from portal.limits import RateCounter

    monkeypatch.setattr(limits, "FREE_FAILURES", 100)  # the growing delay is tested apart

    make_user(email="anna@romashka.example")
    workers = [create_app(app_config).test_client() for _ in range(2)]
    statuses = [workers[n % 2].post("/login", data={"email": "anna@romashka.example",
                                                    "password": "wrong-password"}).status_code
                for n in range(12)]
    assert statuses == [401] * 10 + [429] * 2
    with app.app_context():
        assert RateCounter.select().count() == 0
