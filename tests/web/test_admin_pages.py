"""Administration: organizations, contacts' responsible flag, prices, licenses, contracts,
users and roles, each change to a contract, a license, a price or a role in the audit log,
which admins read and filter; everyone else is refused."""
from __future__ import annotations

import html
import json
import re
from datetime import date, datetime
from decimal import Decimal

import pytest

from portal.accounts.models import Membership, Organization, User
from portal.admin.audit import AuditEntry
from portal.billing import catalog
from portal.billing.models import License, SupportContract
from portal.db import db
from tests.plugins.tickets import MOSCOW

MONDAY = datetime(2026, 2, 2, 10, 0, tzinfo=MOSCOW)


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
                    .split())


@pytest.fixture
def admin(app, client, auth, licensed, make_user, freeze_clock):
    freeze_clock(MONDAY)
    make_user(role="admin", email="admin@lotsman.example", name="Ольга Админ")
    make_user(role="head", email="head@lotsman.example", name="Ирина")
    auth.logout()
    auth.login("admin@lotsman.example")
    return licensed


def entries(app, **where) -> list[AuditEntry]:
    with app.app_context():
        db.connect(reuse_if_open=True)
        query = AuditEntry.select().order_by(AuditEntry.id)
        for name, value in where.items():
            query = query.where(getattr(AuditEntry, name) == value)
        return list(query)


def test_only_administrators_open_the_administration(client, auth, admin):
    for page in ("/admin/", "/admin/organizations", "/admin/prices", "/admin/users",
                 "/admin/audit", f"/admin/organizations/{admin['organization'].id}"):
        assert client.get(page).status_code == 200, page
    auth.logout()
    auth.login("head@lotsman.example")
    for page in ("/admin/", "/admin/prices", "/admin/audit"):
        assert client.get(page).status_code == 403, page
    assert client.post("/admin/prices", data={"edition": "crm/standard",
                                              "price": "1"}).status_code == 403
    assert entries(client.application) == []


def test_a_price_change_applies_and_is_audited(app, client, admin):
    response = client.post("/admin/prices", data={"edition": "crm/standard", "price": "13500"})
    assert response.status_code == 303
    with app.app_context():
        from portal.policy import active_policy

        assert catalog.current_prices(active_policy())[("crm", "standard")] == Decimal("13500.00")
    [entry] = entries(app, kind="price")
    assert (entry.action, entry.summary, entry.actor_name) == ("update", "crm/standard",
                                                                "Ольга Админ")
    assert entry.changes == [("price", "12000.00", "13500.00")]
    page = text(client.get("/admin/prices"))
    assert "13 500,00 ₽" in page  # Babel, in the reader's locale
    same = client.post("/admin/prices", data={"edition": "crm/standard", "price": "13500.00"})
    assert same.status_code == 409 and "Менять нечего." in text(same)
    assert client.post("/admin/prices", data={"edition": "crm/standard",
                                              "price": "-5"}).status_code == 422
    assert len(entries(app, kind="price")) == 1


def test_contracts_are_added_changed_and_deleted_with_each_step_audited(app, client, admin):
    organization = admin["organization"]
    base = f"/admin/organizations/{organization.id}"
    refused = client.post(f"{base}/contracts", data={
        "tier": "priority", "kind": "paid", "first_day": "2027-01-01",
        "last_day": "2026-12-31"})
    assert refused.status_code == 422
    assert "Договор заканчивается раньше, чем начинается." in text(refused)
    assert entries(app, kind="contract") == []
    added = client.post(f"{base}/contracts", data={
        "tier": "priority", "kind": "paid", "first_day": "2027-01-01",
        "last_day": "2027-12-31", "annual_price": "150000"})
    assert added.status_code == 303
    with app.app_context():
        contract = SupportContract.get((SupportContract.organization == organization.id)
                                       & (SupportContract.tier == "priority"))
    changed = client.post(f"/admin/contracts/{contract.id}", data={
        "tier": "standard", "kind": "paid", "first_day": "2027-01-01",
        "last_day": "2027-06-30", "annual_price": "150000"})
    assert changed.status_code == 303
    assert client.post(f"/admin/contracts/{contract.id}/delete").status_code == 303
    created, updated, deleted = entries(app, kind="contract")
    assert (created.action, created.object_id, created.summary) == ("create", contract.id,
                                                                    "Ромашка")
    assert json.loads(created.after)["tier"] == "priority"
    assert updated.changes == [("last_day", "2027-12-31", "2027-06-30"),
                               ("tier", "priority", "standard")]
    assert deleted.action == "delete" and json.loads(deleted.before)["tier"] == "standard"
    with app.app_context():
        assert SupportContract.get_or_none(SupportContract.id == contract.id) is None


def test_licenses_are_added_changed_and_deleted_with_each_step_audited(app, client, admin):
    organization = admin["organization"]
    added = client.post(f"/admin/organizations/{organization.id}/licenses", data={
        "edition": "crm/standard", "quantity": "10", "kind": "perpetual",
        "purchased_on": "2026-02-02", "version": "6.0"})
    assert added.status_code == 303
    with app.app_context():
        found = License.get(License.organization == organization.id)
    assert re.fullmatch(r"[A-Z0-9-]+", found.license_key)
    page = client.get(f"/admin/licenses/{found.id}")
    assert page.status_code == 200
    assert re.search(r'<option selected value="crm/standard">', page.get_data(as_text=True))
    assert client.post(f"/admin/licenses/{found.id}", data={
        "edition": "crm/standard", "quantity": "12", "kind": "perpetual",
        "purchased_on": "2026-02-02", "version": "6.0"}).status_code == 303
    assert client.post(f"/admin/licenses/{found.id}", data={
        "edition": "crm/standard", "quantity": "0", "kind": "perpetual",
        "purchased_on": "2026-02-02"}).status_code == 422
    assert client.post(f"/admin/licenses/{found.id}/delete").status_code == 303
    assert [e.action for e in entries(app, kind="license")] == ["create", "update", "delete"]
    assert entries(app, kind="license")[1].changes == [("quantity", 10, 12)]


def test_roles_change_with_an_audit_entry_but_not_ones_own(app, client, admin):
    with app.app_context():
        boris = User.by_email("boris@romashka.example")
        me = User.by_email("admin@lotsman.example")
    response = client.post(f"/admin/users/{boris.id}/role", data={f"u{boris.id}-role": "agent"})
    assert response.status_code == 303
    with app.app_context():
        assert User.get_by_id(boris.id).role == "agent"
    [entry] = entries(app, kind="role")
    assert (entry.object_id, entry.summary, entry.changes) == (
        boris.id, "boris@romashka.example", [("role", "customer", "agent")])
    client.post(f"/admin/users/{me.id}/role", data={f"u{me.id}-role": "customer"})
    with app.app_context():
        assert User.get_by_id(me.id).role == "admin"
    assert "Попросите другого администратора" in text(client.get("/admin/users"))
    assert len(entries(app, kind="role")) == 1


def test_the_responsible_flag_within_the_tiers_limit(app, client, admin, make_user,
                                                     make_contact):
    organization = admin["organization"]
    with app.app_context():
        boris = Membership.get(Membership.user == User.by_email("boris@romashka.example"))
    client.post(f"/admin/contacts/{boris.id}/responsible", data={"responsible": "1"})
    with app.app_context():
        assert Membership.get_by_id(boris.id).responsible is True
    # Standard allows 3 responsible contacts: Анна, Борис and one more; a fourth is refused.
    third, fourth = make_user(email="c@romashka.example"), make_user(email="d@romashka.example")
    make_contact(third, organization, responsible=True)
    extra = make_contact(fourth, organization)
    page = client.post(f"/admin/contacts/{extra.id}/responsible", data={"responsible": "1"},
                       follow_redirects=True)
    with app.app_context():
        assert Membership.get_by_id(extra.id).responsible is False
    assert "ответственн" in text(page).lower()


def test_organizations_are_added_and_renamed(app, client, admin):
    response = client.post("/admin/organizations", data={"name": "Вектор",
                                                          "timezone": "Asia/Yekaterinburg"})
    assert response.status_code == 303
    with app.app_context():
        vektor = Organization.get(Organization.name == "Вектор")
    assert vektor.timezone == "Asia/Yekaterinburg"
    assert client.post("/admin/organizations", data={"name": "Ромашка",
                                                     "timezone": "Europe/Moscow"}
                       ).status_code == 422
    assert client.post(f"/admin/organizations/{vektor.id}", data={
        "name": "Вектор-М", "timezone": "Mars/Base"}).status_code == 422
    assert client.post(f"/admin/organizations/{vektor.id}", data={
        "name": "Вектор-М", "timezone": "Europe/Samara"}).status_code == 303
    with app.app_context():
        assert Organization.get_by_id(vektor.id).name == "Вектор-М"


def test_the_audit_log_filters_by_kind_actor_and_day(app, client, auth, admin, make_user,
                                                     freeze_clock):
    organization = admin["organization"]
    client.post("/admin/prices", data={"edition": "crm/standard", "price": "13000"})
    freeze_clock(datetime(2026, 2, 5, 10, 0, tzinfo=MOSCOW))
    make_user(role="admin", email="second@lotsman.example", name="Второй Админ")
    auth.logout()
    auth.login("second@lotsman.example")
    client.post(f"/admin/organizations/{organization.id}/contracts", data={
        "tier": "priority", "kind": "paid", "first_day": "2027-01-01", "last_day": "2027-12-31"})

    def kinds(query=""):
        body = client.get("/admin/audit" + query).get_data(as_text=True)
        return re.findall(r'<tr data-kind="([a-z]+)">', body)

    assert kinds() == ["contract", "price"]  # newest first
    assert kinds("?kind=price") == ["price"]
    with app.app_context():
        first_admin = User.by_email("admin@lotsman.example").id
    assert kinds(f"?actor={first_admin}") == ["price"]
    assert kinds("?from=2026-02-03") == ["contract"]
    assert kinds("?to=2026-02-02") == ["price"]
    assert client.get("/admin/audit?from=yesterday").status_code == 422
    shown = text(client.get("/admin/audit?kind=price"))
    assert "Стоимость · изменено · crm/standard" in shown and "12000.00 → 13000.00" in shown


def test_a_payment_staff_confirm_logs_the_licenses_and_contract_it_creates(app, admin):
    from portal.billing.orders import place_order
    from portal.billing.payments import confirm_payment
    from portal.billing.purchase import Purchase
    from portal.policy import active_policy

    organization = admin["organization"]
    with app.test_request_context():
        db.connect(reuse_if_open=True)
        policy = active_policy()
        anna = User.by_email("anna@romashka.example")
        head = User.by_email("head@lotsman.example")
        order = place_order(policy, anna, Organization.get_by_id(organization.id),
                            Purchase(tier="standard", buy={("crm", "standard"): 5}),
                            "prorate", "audit-order", date(2026, 2, 2), "ru")
        confirm_payment(policy, order, head)
        found = License.get(License.organization == organization.id)
    [entry] = entries(app, kind="license")
    assert (entry.action, entry.object_id, entry.actor_name) == ("create", found.id, "Ирина")
    assert entry.summary == f"Ромашка · #{order.id}"
    assert json.loads(entry.after)["quantity"] == 5
    # Five more licenses during the paid term: the contract's annual price follows them.
    assert [(e.action, e.changes) for e in entries(app, kind="contract")] == [
        ("update", [("annual_price", "0.00", "30000.00")])]
    # The customer's own demo payment is no staff change.
    with app.test_request_context():
        db.connect(reuse_if_open=True)
        second = place_order(policy, anna, Organization.get_by_id(organization.id),
                             Purchase(tier="standard", buy={("crm", "standard"): 1}),
                             "prorate", "audit-order-2", date(2026, 2, 2), "ru")
        confirm_payment(policy, second, anna, demo=True)
    assert len(entries(app, kind="license")) == 1
