"""Demo data of accounts: two customer organizations, their contacts, and the vendor's staff.

`portal demo` (portal/demo.py) runs these steps; each is idempotent.
"""
from __future__ import annotations

from collections.abc import Callable

from portal.accounts.models import Organization, User

DEMO_PASSWORD = "demo-portal-2026"

ORGANIZATIONS = (("Ромашка", "Europe/Moscow"), ("Вектор", "Asia/Yekaterinburg"))

# email, name, role, organization, responsible contact
USERS = (
    ("anna@romashka.example", "Анна Соколова", "customer", "Ромашка", True),
    ("boris@romashka.example", "Борис Петров", "customer", "Ромашка", False),
    ("olga@vektor.example", "Ольга Власова", "customer", "Вектор", True),
    # A registered user without licenses: the free tier (knowledge base and community).
    ("ivan@free.example", "Иван Смирнов", "customer", None, False),
    ("agent@lotsman.example", "Сергей Лоцманов", "agent", None, False),
    ("head@lotsman.example", "Марина Кузнецова", "head", None, False),
    ("admin@lotsman.example", "Администратор портала", "admin", None, False),
)


def seed_organizations() -> None:
    from portal.accounts.organizations import create_organization

    for name, timezone in ORGANIZATIONS:
        if Organization.get_or_none(Organization.name == name) is None:
            create_organization(name, timezone)


def seed_users(limit_of: Callable[[Organization], int]) -> None:
    """The demo people; `limit_of(organization)` is its maximum of responsible contacts."""
    from portal.accounts.organizations import add_member
    from portal.accounts.services import create_user

    zones = dict(ORGANIZATIONS)
    for email, name, role, organization_name, responsible in USERS:
        user = User.by_email(email)
        if user is None:
            user = create_user(email, name, DEMO_PASSWORD, role=role, language="ru",
                               timezone=zones.get(organization_name, "Europe/Moscow"),
                               confirmed=True)
        if organization_name:
            organization = Organization.get(Organization.name == organization_name)
            add_member(organization, user, limit_of(organization), responsible=responsible)
