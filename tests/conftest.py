"""Shared fixtures: the app on a migrated test database, its client and CLI runner."""
from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest

from portal import clock
from tests.dbutil import app_with_clean_rows, build_schema, test_database_url

# Fixture plugins of each feature live in tests/plugins/*.py and are loaded automatically.
pytest_plugins = sorted(
    f"tests.plugins.{path.stem}"
    for path in (Path(__file__).parent / "plugins").glob("*.py")
    if path.stem != "__init__"
)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = test_database_url(tmp_path_factory.mktemp("db"))
    build_schema(url)
    return url


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """Overrides for the test app; a test may change them before asking for `app`."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "WTF_CSRF_ENABLED": False,
        "DEMO_MODE": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "portal.test",
        # Tests move the clock by days while a client stays logged in; the idle end of a
        # session has its own tests (test_security_sessions.py).
        "SESSION_IDLE_MINUTES": 10**7,
        "REMEMBER_DAYS": 10**5,
    }


@pytest.fixture
def app(app_config):
    with app_with_clean_rows(app_config) as application:
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def csrf_app(app_config):
    """An app with CSRF protection on, as in production."""
    with app_with_clean_rows(dict(app_config, WTF_CSRF_ENABLED=True)) as application:
        yield application


@pytest.fixture
def freeze_clock():
    """`freeze_clock(moment)` stops the portal's one clock there until the test ends."""
    with ExitStack() as stack:
        def freeze(moment) -> None:
            stack.enter_context(clock.frozen_at(moment))

        yield freeze
