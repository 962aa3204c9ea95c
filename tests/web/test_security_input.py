"""Hostile input is refused, never a server error: out-of-range ids are 404 (PostgreSQL too),
NUL bytes and control characters are refused in every text field with a message beside it,
while tabs and line breaks stay where the text allows them."""
from __future__ import annotations

import pytest
from flask_wtf import FlaskForm

from portal.db import MAX_INTEGER
from portal.forms import PortalForm

HUGE = "99999999999999999999"


@pytest.fixture
def romashka(make_user, make_org, make_contact):
    organization = make_org("Ромашка")
    anna = make_user(email="anna@romashka.example", name="Анна")
    make_contact(anna, organization, responsible=True)
    return organization


@pytest.mark.parametrize("method, path", [
    ("GET", "/organizations/{huge}"),
    ("GET", "/organizations/{huge}/licenses"),
    ("POST", "/organizations/{huge}/invite"),
    ("POST", "/organizations/{huge}/responsible"),
    ("POST", "/organizations/{huge}/invitations/withdraw"),
    ("POST", "/organizations/{huge}/contacts/remove"),
    ("POST", "/admin/mail/{huge}/retry"),
    ("GET", "/organizations/2147483648"),  # one beyond PostgreSQL's integer
])
def test_a_huge_id_in_the_address_is_not_found(client, auth, make_user, method, path):
    make_user(role="admin", email="admin@lotsman.example")
    auth.login("admin@lotsman.example")
    response = client.open(path.format(huge=HUGE), method=method, data={"email": "x@y.example"})
    assert response.status_code == 404


@pytest.mark.parametrize("path, field", [
    ("/organizations/{id}/responsible", "membership"),
    ("/organizations/{id}/invitations/withdraw", "invitation"),
    ("/organizations/{id}/contacts/remove", "membership"),
])
def test_a_huge_id_in_a_form_is_refused_as_input(app, client, auth, romashka, path, field):
    from portal.accounts.models import Membership

    auth.login("anna@romashka.example")
    for value in (HUGE, str(MAX_INTEGER + 1)):
        response = client.post(path.format(id=romashka.id),
                               data={field: value, "responsible": "1"})
        assert response.status_code in (303, 400, 404, 422), value  # refused, never a 500
    with app.app_context():
        assert [m.responsible for m in Membership.select()] == [True]


def test_huge_numbers_in_the_query_string_read_as_not_given(client, auth, romashka):
    auth.login("anna@romashka.example")
    for query in (f"page={HUGE}", f"priority={HUGE}", f"page=-{HUGE}"):
        assert client.get(f"/tickets/?{query}").status_code == 200, query


def test_nul_and_control_characters_are_refused_beside_the_field(app, client, auth, make_user):
    user = make_user(email="boris@romashka.example", name="Борис", language="en")
    auth.login("boris@romashka.example")
    for name in ("Bo\x00ris", "Bo\x1b[31mris", "Bo\x7fris", "Bo\u009bris", "Bo\nris"):
        response = client.post("/profile", data={"name": name, "language": "en",
                                                 "timezone": "Europe/Moscow"})
        assert response.status_code == 422, repr(name)
        assert "Remove the control characters" in response.get_data(as_text=True)
    from portal.accounts.models import User

    with app.app_context():
        assert User.get_by_id(user.id).name == "Борис"
    # A tab is text.
    assert client.post("/profile", data={"name": "Bo\tris", "language": "en",
                                         "timezone": "Europe/Moscow"}).status_code == 303


def test_the_message_reads_in_russian(client, auth, make_user):
    make_user(email="boris@romashka.example")
    auth.login("boris@romashka.example")
    response = client.post("/profile", data={"name": "\x00", "language": "ru",
                                             "timezone": "Europe/Moscow"})
    assert "Уберите из текста управляющие символы" in response.get_data(as_text=True)


def test_a_text_area_keeps_line_breaks_and_tabs_but_not_nul():
    from wtforms import StringField, TextAreaField

    class Sample(PortalForm):
        class Meta:
            csrf = False

        line = StringField()
        text = TextAreaField()

    from werkzeug.datastructures import MultiDict

    from portal import create_app

    with create_app({"TESTING": True, "SECRET_KEY": "x"}).test_request_context():
        kept = Sample(MultiDict({"line": "a\tb", "text": "one\r\ntwo\n\tthree"}))
        assert kept.validate(), kept.errors
        refused = Sample(MultiDict({"line": "a\nb", "text": "one\x00two"}))
        assert not refused.validate()
        assert set(refused.errors) == {"line", "text"}


def test_a_nul_byte_in_the_address_is_refused(client):
    for path in ("/search?q=a%00b", "/kb/x%00y/z", "/tickets/?q=%1b[2J"):
        assert client.get(path).status_code in (400, 404), path
    response = client.get("/search?q=a%00b", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "characters that are not allowed" in response.get_data(as_text=True)


def _forms(kind):
    for sub in kind.__subclasses__():
        yield sub
        yield from _forms(sub)


def test_every_form_of_the_portal_refuses_control_characters(app):
    """Today's and every later feature's forms derive from PortalForm."""
    outside = sorted(f"{form.__module__}.{form.__qualname__}" for form in _forms(FlaskForm)
                     if form.__module__.startswith("portal.")
                     and not issubclass(form, PortalForm))
    assert outside == [], "derive these from portal.forms.PortalForm"
    assert len([f for f in _forms(PortalForm) if f.__module__.startswith("portal.")]) >= 20
