"""The access helpers called directly: each answers its object to the people who may see it
and NotFound ("Страница не найдена") to everyone else, so a foreign object reads as missing.

organization_for, order_for, invoice_for, ticket_for and shared_organizations; roles.is_staff.
"""
from __future__ import annotations

import pytest

from portal.errors import NotFound

MISSING = "^Страница не найдена$"


@pytest.fixture
def people(app, make_user, make_org, make_contact):
    """An outsider with an organization of their own (community tier: colleagues do not see
    each other's tickets), an agent, a head of support and an administrator."""
    outsider = make_user(email="olga@vektor.example")
    vektor = make_org("Вектор", tier="community")
    make_contact(outsider, vektor, responsible=False)
    return {"outsider": outsider, "vektor": vektor,
            "agent": make_user(role="agent"), "head": make_user(role="head"),
            "admin": make_user(role="admin")}


def users(app, *emails):
    from portal.accounts.models import User

    with app.app_context():
        return [User.by_email(email) for email in emails]


def test_roles_name_the_staff():
    from portal.roles import STAFF, has_role, is_admin, is_staff

    class Visitor:
        is_authenticated = True

        def __init__(self, role):
            self.role = role

    assert set(STAFF) == {"agent", "head", "admin"}
    assert [is_staff(Visitor(role)) for role in ("agent", "head", "admin", "customer")] == [
        True, True, True, False]
    anonymous = Visitor("agent")
    anonymous.is_authenticated = False
    assert not is_staff(anonymous) and not is_staff(None)
    assert [is_admin(Visitor(role)) for role in ("admin", "head", "agent", "customer")] == [
        True, False, False, False]
    anonymous.role = "admin"
    assert not is_admin(anonymous) and not is_admin(None)

    class Bare:  # no is_authenticated at all: never an administrator
        role = "admin"

    assert not is_admin(Bare()) and not is_staff(Bare())

    class Roleless:  # logged in but with no role: nobody's staff
        is_authenticated = True

    assert not is_staff(Roleless()) and not is_admin(Roleless())
    assert has_role(Visitor("head"), "head", "admin") and has_role(Visitor("admin"), "admin")
    assert not has_role(Visitor("customer"), "head", "admin")
    assert not has_role(anonymous, "admin") and not has_role(None, "admin")
    assert not has_role(Bare(), "admin") and not has_role(Roleless(), "admin")


def test_an_organization_for_its_contacts_and_staff_only(app, customer, people):
    from portal.accounts.organizations import organization_for

    anna, boris = users(app, "anna@romashka.example", "boris@romashka.example")
    with app.test_request_context():
        for user in (anna, boris, people["agent"], people["head"], people["admin"]):
            assert organization_for(user, customer.id).id == customer.id
        with pytest.raises(NotFound, match=MISSING):
            organization_for(people["outsider"], customer.id)
        with pytest.raises(NotFound, match=MISSING):
            organization_for(anna, 987654)
        assert organization_for(people["outsider"], people["vektor"].id).name == "Вектор"


def test_an_order_and_its_invoice_for_the_organizations_contacts_and_staff(
        app, client, auth, customer, buy, july_first, people):
    from portal.billing.models import Invoice
    from portal.billing.orders import invoice_for, order_for

    auth.login("anna@romashka.example")
    order_id = int(buy(customer, {"crm-standard": 1}, "prorate").headers["Location"].rsplit(
        "/", 1)[1])
    anna, boris = users(app, "anna@romashka.example", "boris@romashka.example")
    with app.test_request_context():
        invoice_id = Invoice.get(Invoice.order == order_id).id
        for user in (anna, boris, people["agent"], people["admin"]):
            assert order_for(user, order_id).id == order_id
            assert invoice_for(user, invoice_id).id == invoice_id
        for find, wanted in ((order_for, order_id), (invoice_for, invoice_id)):
            with pytest.raises(NotFound, match=MISSING):
                find(people["outsider"], wanted)
            with pytest.raises(NotFound, match=MISSING):
                find(anna, 987654)
        # Another invoice id does not open this one's order: the lookup is by its own id.
        with pytest.raises(NotFound, match=MISSING):
            invoice_for(anna, invoice_id + 1)


def test_a_ticket_for_its_requester_colleagues_where_the_tier_shares_and_staff(
        app, file_ticket, people):
    from portal.policy import active_policy
    from portal.tickets.models import Ticket
    from portal.tickets.services import shared_organizations, ticket_for

    number = file_ticket()
    anna, boris = users(app, "anna@romashka.example", "boris@romashka.example")
    with app.test_request_context():
        policy = active_policy()
        for user in (anna, boris, people["agent"], people["head"]):
            assert ticket_for(user, number, policy).number == number
        with pytest.raises(NotFound, match=MISSING):
            ticket_for(people["outsider"], number, policy)
        with pytest.raises(NotFound, match=MISSING):
            ticket_for(anna, "TID-2026-999999", policy)
        ticket = Ticket.get(Ticket.number == number)
        # Only tiers that let colleagues see tickets share them.
        assert shared_organizations(boris, policy) == [ticket.organization_id]
        assert shared_organizations(people["outsider"], policy) == []
        # A ticket of no organization: its requester still sees it, a colleague no longer.
        Ticket.update(organization=None).where(Ticket.id == ticket.id).execute()
        assert ticket_for(anna, number, policy).number == number
        with pytest.raises(NotFound, match=MISSING):
            ticket_for(boris, number, policy)
