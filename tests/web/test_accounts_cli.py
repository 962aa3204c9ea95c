"""Commands: `portal demo` (idempotent, with a progress bar) and `portal user create`."""
from __future__ import annotations

from portal.accounts.demo import DEMO_PASSWORD
from portal.accounts.models import Membership, Organization, User


def _snapshot(app):
    with app.app_context():
        users = {(u.email, u.role, u.email_confirmed) for u in User.select()}
        organizations = {(o.name, o.timezone) for o in Organization.select()}
        contacts = {(m.user.email, m.organization.name, m.responsible)
                    for m in Membership.select()}
    return users, organizations, contacts


def test_demo_creates_the_promised_data_and_is_idempotent(app, runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo ready" in result.output and DEMO_PASSWORD in result.output
    users, organizations, contacts = _snapshot(app)
    assert organizations == {("Ромашка", "Europe/Moscow"), ("Вектор", "Asia/Yekaterinburg")}
    assert {(email, role) for email, role, _ in users} == {
        ("anna@romashka.example", "customer"), ("boris@romashka.example", "customer"),
        ("olga@vektor.example", "customer"), ("ivan@free.example", "customer"),
        ("agent@lotsman.example", "agent"),
        ("head@lotsman.example", "head"), ("admin@lotsman.example", "admin")}
    assert all(confirmed for _, _, confirmed in users)
    assert contacts == {("anna@romashka.example", "Ромашка", True),
                        ("boris@romashka.example", "Ромашка", False),
                        ("olga@vektor.example", "Вектор", True)}

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert _snapshot(app) == (users, organizations, contacts)

    login = client.post("/login", data={"email": "head@lotsman.example",
                                        "password": DEMO_PASSWORD})
    assert login.status_code == 303


def test_user_create_with_role_and_organization(app, runner, make_org):
    make_org("Вектор")
    result = runner.invoke(args=["user", "create", "Kate@Vektor.example", "--name", "Катя",
                                 "--role", "customer", "--organization", "Вектор",
                                 "--responsible"], input="kate-strong-pass\nkate-strong-pass\n")
    assert result.exit_code == 0, result.output
    assert "created customer kate@vektor.example" in result.output
    users, _, contacts = _snapshot(app)
    assert ("kate@vektor.example", "customer", True) in users
    assert contacts == {("kate@vektor.example", "Вектор", True)}


def test_user_create_refuses_bad_input_and_changes_nothing(app, runner, make_user):
    make_user(email="agent@lotsman.example", role="agent")
    before = _snapshot(app)
    duplicate = runner.invoke(args=["user", "create", "AGENT@lotsman.example", "--name", "X",
                                    "--role", "agent", "--password", "another-strong-one"])
    assert duplicate.exit_code != 0
    assert "already exists" in duplicate.output
    weak = runner.invoke(args=["user", "create", "new@lotsman.example", "--name", "X",
                               "--role", "head", "--password", "123"])
    assert weak.exit_code != 0 and "at least 10 characters" in weak.output
    role = runner.invoke(args=["user", "create", "new@lotsman.example", "--name", "X",
                               "--role", "boss", "--password", "another-strong-one"])
    assert role.exit_code == 2
    no_org = runner.invoke(args=["user", "create", "new@lotsman.example", "--name", "X",
                                 "--organization", "Nowhere", "--password", "another-strong-1"])
    assert no_org.exit_code != 0 and "no organization" in no_org.output
    assert _snapshot(app) == before


def test_organization_create_then_its_first_responsible_contact(app, runner):
    result = runner.invoke(args=["organization", "create", " Вектор ", "--timezone",
                                 "Asia/Yekaterinburg"])
    assert result.exit_code == 0, result.output
    assert "created organization Вектор" in result.output
    again = runner.invoke(args=["organization", "create", "Вектор"])
    assert again.exit_code != 0 and "already exists" in again.output
    zone = runner.invoke(args=["organization", "create", "Ромашка", "--timezone", "Mars/Base"])
    assert zone.exit_code != 0 and "unknown time zone" in zone.output
    _, organizations, _ = _snapshot(app)
    assert organizations == {("Вектор", "Asia/Yekaterinburg")}

    contact = runner.invoke(args=["user", "create", "olga@vektor.example", "--name", "Ольга",
                                  "--organization", "Вектор", "--responsible",
                                  "--password", "olga-strong-pass"])
    assert contact.exit_code == 0, contact.output
    assert _snapshot(app)[2] == {("olga@vektor.example", "Вектор", True)}


def test_staff_attach_a_registered_user_to_an_organization(runner, app, make_user, make_org):
    from portal.accounts.models import Membership

    make_user(email="kate@vektor.example")
    organization = make_org("Вектор")
    result = runner.invoke(args=["organization", "add-contact", "Вектор", "kate@vektor.example"])
    assert result.exit_code == 0, result.output
    assert "kate@vektor.example is a contact of Вектор" in result.output
    with app.app_context():
        assert Membership.select().where(Membership.organization == organization.id).count() == 1
    unknown = runner.invoke(args=["organization", "add-contact", "Вектор", "x@example.com"])
    assert unknown.exit_code == 1 and "no user" in unknown.output
    nowhere = runner.invoke(args=["organization", "add-contact", "Нет", "kate@vektor.example"])
    assert nowhere.exit_code == 1 and "no organization" in nowhere.output
