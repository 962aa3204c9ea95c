"""API fixtures: personal access tokens and their headers.

    def test_x(client, licensed, make_token):
        secret = make_token(licensed["anna"], scopes=("read",))
        client.get("/api/v1/tickets", headers=bearer(secret))
"""
from __future__ import annotations

import pytest


def bearer(secret: str, **headers) -> dict:
    return {"Authorization": f"Bearer {secret}", **headers}


@pytest.fixture
def make_token(app):
    """make_token(user, scopes=("read", "write"), name="Tool") -> the token's secret."""
    from portal.api.tokens import create_token

    def factory(user, scopes=("read", "write"), name: str = "Tool") -> str:
        with app.app_context():
            _row, secret = create_token(user, name, list(scopes))
            return secret

    return factory
