"""Mail to an organization's contacts about what they bought and how long it lasts."""
from __future__ import annotations

from portal.accounts.models import Organization
from portal.mail.outbox import queue_mail
from portal.mail.render import external_url


def recipients(organization: Organization) -> list:
    """Its responsible contacts; everyone of it when it has none."""
    members = [m.user for m in organization.members() if m.user.active]
    responsible = [m.user for m in organization.members() if m.responsible and m.user.active]
    return responsible or members


def mail_contacts(organization: Organization, template: str, **context) -> int:
    """Queue `template` to each recipient in their own language; how many were queued."""
    link = external_url("organizations.licenses", organization_id=organization.id)
    people = recipients(organization)
    for person in people:
        queue_mail(person.email, template, person.language, name=person.name,
                   organization=organization.name, link=link, **context)
    return len(people)
