"""Two changes of one organization's responsible contacts at once (PostgreSQL row locks)."""
from __future__ import annotations

import os
import threading
import time

import pytest

from portal.db import db

pytestmark = pytest.mark.skipif(os.environ.get("PORTAL_TEST_BACKEND") != "postgresql",
                                reason="concurrent writers need PostgreSQL (SQLite has one)")


def _concurrently(app, first, second) -> list:
    """Run `first` in a transaction held open until `second` has had its chance."""
    started, release, outcome = threading.Event(), threading.Event(), []

    def hold_first() -> None:
        with app.test_request_context():
            with db.atomic():
                first()
                started.set()
                release.wait(10)
            db.close()

    def then_second() -> None:
        from portal.errors import PortalError
        from portal.web import status_of

        with app.test_request_context():
            started.wait(10)
            try:
                second()
                outcome.append("done")
            except PortalError as error:
                outcome.append(status_of(error))
            db.close()

    threads = [threading.Thread(target=hold_first), threading.Thread(target=then_second)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # without a lock the second change is through by now
    release.set()
    for thread in threads:
        thread.join(timeout=15)
    return outcome


def test_two_grants_at_once_stay_within_terrasofts_one(app, make_user, make_org, make_contact):
    from portal.accounts import organizations

    app.config["POLICY_PRESET"] = "terrasoft"
    organization = make_org("Ромашка")
    anna, boris = (make_contact(make_user(), organization) for _ in range(2))
    outcome = _concurrently(app, lambda: organizations.set_responsible(anna, True, 1),
                            lambda: organizations.set_responsible(boris, True, 1))
    assert outcome == [409]
    with app.app_context():
        assert organization.responsible_count() == 1


def test_two_withdrawals_at_once_leave_one_responsible(app, make_user, make_org, make_contact):
    from portal.accounts import organizations

    organization = make_org("Ромашка")
    anna, boris = (make_contact(make_user(), organization, responsible=True) for _ in range(2))
    outcome = _concurrently(app, lambda: organizations.set_responsible(anna, False, 5),
                            lambda: organizations.set_responsible(boris, False, 5))
    assert outcome == [409]
    with app.app_context():
        assert organization.responsible_count() == 1
