"""Errors of the API are RFC 9457 problem details in the request's language; rate limits are
counted per token (Flask-Limiter) where every worker sees them: the database, or Redis."""
from __future__ import annotations

import os

import pytest

from tests.plugins.api import bearer

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "")


def test_a_problem_names_its_type_title_status_and_path(client):
    response = client.get("/api/v1/tickets/TID-2026-000001")
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["type"] == "http://portal.test/api/v1/docs#problem-unauthorized"
    assert problem["status"] == 401 and problem["instance"] == "/api/v1/tickets/TID-2026-000001"
    assert problem["title"] == "Нужен действующий токен доступа"
    assert response.headers["Content-Language"] == "ru"
    docs = client.get("/api/v1/docs").get_data(as_text=True)
    assert 'id="problem-unauthorized"' in docs


def test_the_language_is_accept_language_else_the_token_users(client, licensed, make_user,
                                                              make_token):
    english_user = make_user(email="emma@example.com", language="en")
    secret = make_token(english_user)
    missing = "/api/v1/tickets/TID-2026-999999"
    own = client.get(missing, headers=bearer(secret)).get_json()
    assert own["title"] == "Not found"
    asked = client.get(missing, headers=bearer(secret, **{"Accept-Language": "ru"}))
    assert asked.get_json()["title"] == "Не найдено"
    assert asked.headers["Content-Language"] == "ru"
    assert "Accept-Language" in asked.headers["Vary"]
    anna = make_token(licensed["anna"])
    english = client.get(missing, headers=bearer(anna, **{"Accept-Language": "en-US,en"}))
    assert english.get_json()["title"] == "Not found"


def test_unknown_paths_and_methods_are_problems_but_pages_keep_their_error_pages(client):
    missing = client.get("/api/v1/no/such/thing")
    assert missing.status_code == 404 and missing.content_type == "application/problem+json"
    wrong = client.delete("/api/v1/tiers")
    assert wrong.status_code == 405 and wrong.content_type == "application/problem+json"
    assert "GET" in wrong.headers["Allow"]
    page = client.get("/no/such/page")
    assert page.status_code == 404 and page.content_type.startswith("text/html")


def test_malformed_json_and_control_characters_are_refused_as_problems(client, licensed,
                                                                       make_token):
    secret = make_token(licensed["anna"])
    broken = client.post("/api/v1/tickets", data="{not json", headers=bearer(secret),
                         content_type="application/json")
    assert broken.status_code == 400 and broken.content_type == "application/problem+json"
    nul = client.get("/api/v1/tickets?q=a%00b", headers=bearer(secret))
    assert nul.status_code == 400 and nul.content_type == "application/problem+json"
    unknown = client.post("/api/v1/tickets/TID-2026-000001/rating",
                          json={"score": 5, "extra": 1}, headers=bearer(secret))
    assert unknown.status_code in (404, 422)


@pytest.fixture
def limited(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3/minute",
            "API_ANONYMOUS_RATE_LIMIT": "2/minute"}


def _user_token(application, email: str) -> str:
    from portal.accounts.services import create_user
    from portal.api.tokens import create_token

    with application.app_context():
        user = create_user(email, email.split("@")[0], "correct-horse-battery", confirmed=True)
        return create_token(user, "t", ["read"])[1]


def _limits_per_token(application) -> None:
    client = application.test_client()
    first = _user_token(application, "one@example.com")
    second = _user_token(application, "two@example.com")
    answers = [client.get("/api/v1/organizations", headers=bearer(first)).status_code
               for _ in range(3)]
    assert answers == [200, 200, 200]
    refused = client.get("/api/v1/organizations", headers=bearer(first, **{
        "Accept-Language": "en"}))
    assert refused.status_code == 429
    assert refused.content_type == "application/problem+json"
    assert refused.get_json()["title"] == "Too many requests"
    assert int(refused.headers["Retry-After"]) > 0
    assert client.get("/api/v1/organizations", headers=bearer(second)).status_code == 200
    anonymous = [client.get("/api/v1/tiers").status_code for _ in range(3)]
    assert anonymous == [200, 200, 429]


def test_rate_limits_count_per_token_in_the_database(limited):
    from portal.limits import RateCounter
    from tests.dbutil import app_with_clean_rows

    with app_with_clean_rows(limited) as application:
        _limits_per_token(application)
        with application.app_context():
            assert RateCounter.select().where(
                RateCounter.key.startswith("flask-limiter:")).count() >= 3


@pytest.mark.skipif(not REDIS_URL, reason="PORTAL_TEST_REDIS_URL is not set")
def test_rate_limits_count_per_token_in_redis(limited):
    import redis

    from tests.dbutil import app_with_clean_rows

    with redis.Redis.from_url(REDIS_URL) as store:
        for key in store.scan_iter("*portal-api*"):  # counters of an earlier run this minute
            store.delete(key)
        with app_with_clean_rows({**limited, "REDIS_URL": REDIS_URL}) as application:
            _limits_per_token(application)
            storage = application.extensions["portal_api_limiter"].storage
        assert any(b"portal-api" in key for key in store.scan_iter("*portal-api*"))
    storage.storage.close()  # the limiter's own connection pool
