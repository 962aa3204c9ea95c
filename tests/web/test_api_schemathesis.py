"""Schemathesis drives the served API from its own OpenAPI description: every operation with
a bounded number of generated requests (valid ones, and for the bodies and parameters also
invalid ones), as a contact with a read-and-write token and a ticket to act on. No answer may
be a server error or break the description (status, content type, headers, body schema);
invalid input must be refused."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.plugins.api import bearer

EXAMPLES = 12  # per operation and mode: bounded, `make test` runs this every time
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(app, client, licensed, make_token):
    secret = make_token(licensed["anna"])
    filed = client.post("/api/v1/tickets", headers=bearer(secret), json={
        "subject": "Отчёт не строится", "description": "Ошибка 500.", "category": "defect",
        "priority": 2, "product": "crm"})
    assert filed.status_code == 201
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return schema, secret, filed.get_json()["number"], licensed["organization"].id


def _operations(schema):
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 15
    return found


def _multipart(operation) -> bool:
    body = operation.definition.raw.get("requestBody", {})
    return "multipart/form-data" in body.get("content", {})


def _known(operation, number: str, organization_id: int) -> dict:
    """Path parameters of real objects, so the fuzzing reaches past "not found"."""
    names = {p.name for p in operation.path_parameters}
    known = {}
    if "number" in names:
        known["number"] = number
    if "organization_id" in names:
        known["organization_id"] = organization_id
    return known


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_its_description_under_generated_requests(api_schema, mode):
    schema, secret, number, organization_id = api_schema
    failures = []
    for operation in _operations(schema):
        # Objects that exist where the path names one (generated ids mostly miss them).
        fixed = _known(operation, number, organization_id)
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed or None)

        # Everything in a multipart form is text on the wire: an "invalid" object or number
        # there arrives as a valid string, so only JSON and query data must be refused.
        checks = CHECKS + ([negative_data_rejection] if mode.is_negative
                           and not _multipart(operation) else [])

        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def exercise(case):
            # The contact's token where the case sends one; a negative case that leaves the
            # header out goes without it (and must be refused).
            token = bearer(secret) if "Authorization" in (case.headers or {}) else {}
            response = case.call(headers={**token, "Accept-Language": "en"})
            # Run at once below, in this same iteration.
            case.validate_response(response, checks=checks, headers=token)  # noqa: B023

        try:
            exercise()
        except Unsatisfiable:
            assert mode.is_negative, operation.label  # nothing of it can be made invalid
        except Exception as error:  # noqa: BLE001 - gathered to name every operation
            failures.append(f"{operation.label} {fixed}: {error}")
    assert not failures, "\n\n".join(failures)
