"""Ends of contracts and warranties: reminders 30 and 7 days before, and a note once ended.

The entitlement itself follows the date on every read; this daily sweep records an ending
and tells the contacts, each notice once (the flag is set in the same conditional UPDATE that
claims it, so two workers never send one twice).
"""
from __future__ import annotations

from datetime import date, timedelta

from portal.billing.models import SupportContract
from portal.billing.notices import mail_contacts

REMINDERS = ((30, "reminded_30"), (7, "reminded_7"))


def _continued(contract: SupportContract) -> bool:
    """Another term of the organization (of the same product) starts by the day after."""
    after = contract.last_day + timedelta(days=1)
    return (SupportContract.select()
            .where((SupportContract.organization == contract.organization_id)
                   & (SupportContract.id != contract.id)
                   & (SupportContract.product == contract.product
                      if contract.product else SupportContract.product.is_null())
                   & (SupportContract.first_day <= after)
                   & (SupportContract.last_day >= after))
            .exists())


def _claim(contract: SupportContract, flag: str) -> bool:
    field = getattr(SupportContract, flag)
    return (SupportContract.update({field: True})
            .where((SupportContract.id == contract.id) & (field == False))
            .execute()) == 1


def sweep(today: date) -> dict[str, int]:
    """Send the reminders due on `today` and note the terms that ended; counts of each."""
    sent = {"reminded_30": 0, "reminded_7": 0, "ended": 0}
    for days, flag in REMINDERS:
        field = getattr(SupportContract, flag)
        due = SupportContract.select().where(
            (field == False) & (SupportContract.last_day >= today)
            & (SupportContract.last_day <= today + timedelta(days=days)))
        for contract in due:
            if _continued(contract) or not _claim(contract, flag):
                continue
            left = (contract.last_day - today).days + 1
            if flag == "reminded_30" and left <= REMINDERS[1][0]:
                continue  # that close to the end the 7-day reminder speaks alone
            mail_contacts(contract.organization, "support_ends", contract=contract,
                          days_left=left)
            sent[flag] += 1
    ended = SupportContract.select().where(
        (SupportContract.ended_noted == False)
        & (SupportContract.last_day < today))
    for contract in ended:
        if not _claim(contract, "ended_noted"):
            continue
        if not _continued(contract):
            mail_contacts(contract.organization, "support_ended", contract=contract)
            sent["ended"] += 1
    return sent
