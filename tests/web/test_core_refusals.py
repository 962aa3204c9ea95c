"""Refusals without HTTP in services: each kind's status, its page, fields, and role_required."""
from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from wtforms import StringField

from portal import errors
from portal.web import attach_error, role_required, status_of


@pytest.mark.parametrize(("kind", "status"), [
    (errors.Malformed, 400), (errors.Forbidden, 403), (errors.NotFound, 404),
    (errors.Conflict, 409), (errors.Gone, 410), (errors.Invalid, 422),
])
def test_each_kind_of_refusal_has_its_status(kind, status):
    assert status_of(kind("no")) == status


class _Form(FlaskForm):
    email = StringField()
    name = StringField()


def test_a_refusal_is_shown_beside_each_field_it_names_or_above_the_form(app):
    with app.test_request_context():
        form = _Form(meta={"csrf": False})
        attach_error(form, errors.Invalid("Check both", fields={"email": "Bad address",
                                                                "name": "Too long"}))
        assert form.email.errors == ["Bad address"] and form.name.errors == ["Too long"]
        other = _Form(meta={"csrf": False})
        attach_error(other, errors.Conflict("Already done", field="nonexistent"))
        assert other.form_errors == ["Already done"]


def test_an_unhandled_refusal_becomes_its_error_page_in_the_readers_language(app, client):
    @app.get("/test/gone")
    def gone():
        raise errors.Gone("Эта ссылка больше не действует.")

    response = client.get("/test/gone", headers={"Accept-Language": "ru"})
    assert response.status_code == 410
    assert "Эта ссылка больше не действует." in response.get_data(as_text=True)


@pytest.mark.parametrize(("role", "status"), [
    (None, 302), ("customer", 403), ("agent", 403), ("head", 200), ("admin", 200)])
def test_role_required_lets_only_the_named_roles_in(app, client, auth, make_user, role, status):
    @app.get("/test/head-only")
    @role_required("head", "admin")
    def head_only():
        return "in"

    if role:
        make_user(role=role, email=f"{role}@lotsman.example")
        auth.login(f"{role}@lotsman.example")
    assert client.get("/test/head-only").status_code == status


def test_role_required_refuses_a_role_the_portal_does_not_know():
    with pytest.raises(ValueError, match="unknown roles"):
        role_required("superuser")
