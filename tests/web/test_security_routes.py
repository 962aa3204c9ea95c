"""Every registered route, fed a huge id, a NUL byte and a 5 000-character value in each of
its parameters (the address, the query string and every form field name the portal knows),
answers without a server error, as a visitor, a customer and an administrator."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from flask_wtf import FlaskForm

from portal.config import PROJECT_ROOT

HOSTILE = ("99999999999999999999", "nul\x00byte", "x" * 5000)
_ARGUMENT = re.compile(r"<(?:[a-z_]+(?:\([^)]*\))?:)?([a-z_]+)>")
_READ_ARG = re.compile(r"request\.(?:args|values|form)\.get(?:list)?\(\s*\"([a-z_]+)\"")


def _subclasses(kind):
    for sub in kind.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def parameter_names(app) -> list[str]:
    """Every field name of every form, and every query argument a view reads by name."""
    import portal.community  # noqa: F401 - every feature's forms are imported by create_app

    names = set()
    for form in _subclasses(FlaskForm):
        if form.__module__.startswith("portal."):
            names.update(name for name, _ in getattr(form, "_unbound_fields", None) or ())
            names.update(name for name in vars(form) if not name.startswith("_")
                         and hasattr(getattr(form, name), "field_class"))
    for path in (PROJECT_ROOT / "portal").rglob("*.py"):
        names.update(_READ_ARG.findall(path.read_text("utf-8")))
    names.discard("csrf_token")
    return sorted(names)


def routes(app) -> list[tuple[str, str, list[str]]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in ("GET", "POST"):
            if method in (rule.methods or ()):
                found.append((method, rule.rule, _ARGUMENT.findall(rule.rule)))
    return sorted(found)


def _address(rule: str, arguments: list[str], values: dict[str, str]) -> str:
    def fill(match):
        return quote(values.get(match.group(1), "1"), safe="")

    return _ARGUMENT.sub(fill, rule)


@pytest.fixture
def people(app, make_user, make_org, make_contact, auth):
    organization = make_org("Ромашка")
    anna = make_user(email="anna@romashka.example")
    make_contact(anna, organization, responsible=True)
    make_user(role="admin", email="admin@lotsman.example")
    clients = {"visitor": app.test_client()}
    for name, email in (("customer", "anna@romashka.example"),
                        ("admin", "admin@lotsman.example")):
        clients[name] = app.test_client()
        assert clients[name].post("/login", data={"email": email,
                                                  "password": "correct-horse-battery"}
                                  ).status_code == 303
    return clients


def test_the_walk_knows_the_routes_and_parameters(app):
    assert len(routes(app)) >= 60
    names = parameter_names(app)
    assert {"email", "name", "password", "q", "membership", "body", "after"} <= set(names)


def test_no_route_answers_500_to_a_huge_id_a_nul_byte_or_a_long_value(app, people):
    names = parameter_names(app)
    failures = []
    for method, rule, arguments in routes(app):
        if rule in ("/logout", "/profile/sessions/end"):
            continue  # they would end the walk's own log-ins
        for value in HOSTILE:
            address = _address(rule, arguments, dict.fromkeys(arguments, value))
            fields = dict.fromkeys(names, value)
            for who, client in people.items():
                if method == "GET":
                    response = client.get(address, query_string=fields)
                else:
                    response = client.post(address, data=fields)
                if response.status_code >= 500:
                    failures.append(f"{who} {method} {rule} {value[:12]!r}: "
                                    f"{response.status_code}")
    assert failures == [], "\n".join(failures)
