"""Demo data: steps that `portal demo` runs in order; other features append their own steps.

A feature adds a step in its own portal/<feature>/demo.py (imported by `portal demo`):

    from portal.accounts.demo import demo_step

    @demo_step("Support contracts")
    def seed_contracts() -> None:
        romashka = Organization.get(Organization.name == "Ромашка")  # created by accounts
        ...

Every step must be idempotent: `portal demo` may run again on the same database.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal.accounts.models import Organization, User

DEMO_PASSWORD = "demo-portal-2026"

ORGANIZATIONS = (("Ромашка", "Europe/Moscow"), ("Вектор", "Asia/Yekaterinburg"))

# email, name, role, organization, responsible contact
USERS = (
    ("anna@romashka.example", "Анна Соколова", "customer", "Ромашка", True),
    ("boris@romashka.example", "Борис Петров", "customer", "Ромашка", False),
    ("olga@vektor.example", "Ольга Власова", "customer", "Вектор", True),
    ("agent@lotsman.example", "Сергей Лоцманов", "agent", None, False),
    ("head@lotsman.example", "Марина Кузнецова", "head", None, False),
    ("admin@lotsman.example", "Администратор портала", "admin", None, False),
)


@dataclass(frozen=True)
class DemoStep:
    label: str
    run: Callable[[], None]


DEMO_STEPS: list[DemoStep] = []


def demo_step(label: str):
    """Register `run` as a demo step (once, even if its module is imported again)."""

    def register(run: Callable[[], None]) -> Callable[[], None]:
        key = (run.__module__, run.__qualname__)
        if all((s.run.__module__, s.run.__qualname__) != key for s in DEMO_STEPS):
            DEMO_STEPS.append(DemoStep(label, run))
        return run

    return register


@demo_step("Organizations")
def seed_organizations() -> None:
    from portal.accounts.organizations import create_organization

    for name, timezone in ORGANIZATIONS:
        if Organization.get_or_none(Organization.name == name) is None:
            create_organization(name, timezone)


@demo_step("Users and contacts")
def seed_users() -> None:
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
            add_member(organization, user, responsible=responsible)
