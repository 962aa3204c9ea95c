"""The OpenAPI 3.1 description is generated from the registered routes (flask-smorest) and
never drifts: it is compared with the committed snapshot, and every /api/v1 route is in it.
Regenerate the snapshot with `UPDATE_API_SNAPSHOT=1 pytest tests/web/test_api_openapi.py`."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("api_openapi.json")
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def test_the_served_description_is_the_committed_snapshot(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.content_type == "application/json"
    served = response.get_json()
    if os.environ.get("UPDATE_API_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(served, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert served["openapi"] == "3.1.0"
    assert served == json.loads(SNAPSHOT.read_text("utf-8")), (
        "the API changed: look at the difference, then regenerate the snapshot "
        "(UPDATE_API_SNAPSHOT=1)")


def test_every_api_route_is_described_and_nothing_else(app, client):
    described = {(path, method.upper())
                 for path, item in client.get("/api/v1/openapi.json").get_json()["paths"].items()
                 for method in item if method.upper() in METHODS}
    routed = {(re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule), method)
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              for method in rule.methods & METHODS}
    assert routed and described == routed


def test_the_docs_page_shows_every_operation_in_both_languages(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operations = [(method.upper(), path) for path, item in spec["paths"].items()
                  for method in item if method.upper() in METHODS]
    ru = client.get("/api/v1/docs").get_data(as_text=True)
    en = client.get("/api/v1/docs", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h2 id=\"basics-title\">Как пользоваться</h2>" in ru
    assert "<h2 id=\"basics-title\">How to use it</h2>" in en
    for method, path in operations:
        assert f"<code>{method} {path}</code>" in ru
    assert 'id="schema-TicketWithTimeline"' in en and 'id="problem-rate-limited"' in en
