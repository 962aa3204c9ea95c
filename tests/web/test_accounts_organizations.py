"""Organizations: invitations by mail, joining, and responsible contacts within the maximum."""
from __future__ import annotations

import pytest

from portal.accounts.models import Invitation, Membership, User
from tests.plugins.accounts import DEFAULT_PASSWORD


@pytest.fixture
def romashka(app, make_user, make_org, make_contact):
    """Ромашка with Anna as its responsible contact, Anna logged out."""
    anna = make_user(email="anna@romashka.example", name="Анна")
    organization = make_org("Ромашка")
    make_contact(anna, organization, responsible=True)
    return organization


def _members(app, organization):
    with app.app_context():
        return {m.user.email: m.responsible for m in organization.members()}


def test_invited_colleague_creates_an_account_from_the_mailed_link(app, client, auth, mailbox,
                                                                   romashka):
    auth.login("anna@romashka.example")
    response = client.post(f"/organizations/{romashka.id}/invite",
                           data={"email": "Boris@Romashka.example"})
    assert response.status_code == 303
    auth.logout()

    message = mailbox.last(to="boris@romashka.example")
    assert "Ромашка" in message["Subject"] and "Анна" in message["Subject"]
    path = mailbox.link_path(message)
    page = client.get(path)
    assert page.status_code == 200 and "boris@romashka.example" in page.get_data(as_text=True)

    weak = client.post(path, data={"name": "Борис", "password": "12345",
                                   "timezone": "Europe/Moscow"})
    assert weak.status_code == 422
    refused = client.post(path, data={"name": "Борис", "password": "boris-strong-pass",
                                      "timezone": "Europe/Moscow"})
    assert refused.status_code == 422  # no consent to the processing of personal data
    joined = client.post(path, data={"name": "Борис", "password": "boris-strong-pass",
                                     "timezone": "Europe/Moscow", "consent": "y"})
    assert joined.status_code == 303
    from portal.accounts.models import User

    with app.app_context():
        assert User.get(User.email == "boris@romashka.example").privacy_consent_at is not None
    assert _members(app, romashka) == {"anna@romashka.example": True,
                                       "boris@romashka.example": False}
    with app.app_context():
        assert User.by_email("boris@romashka.example").email_confirmed
    assert client.get(path).status_code == 409  # the invitation is spent


def test_an_existing_user_logs_in_then_accepts(app, client, auth, mailbox, romashka, make_user):
    make_user(email="olga@vektor.example", language="en")
    auth.login("anna@romashka.example")
    client.post(f"/organizations/{romashka.id}/invite", data={"email": "olga@vektor.example"})
    auth.logout()
    message = mailbox.last(to="olga@vektor.example")
    assert message["Subject"].startswith("Анна invites you to Ромашка")  # her language
    path = mailbox.link_path(message)
    assert client.get(path).headers["Location"].startswith("/login?next=")
    auth.login("olga@vektor.example")
    assert client.post(path).status_code == 303
    assert _members(app, romashka)["olga@vektor.example"] is False


def test_someone_elses_invitation_cannot_be_accepted(app, client, auth, mailbox, romashka,
                                                     make_user):
    make_user(email="eve@example.com")
    auth.login("anna@romashka.example")
    client.post(f"/organizations/{romashka.id}/invite", data={"email": "boris@romashka.example"})
    auth.logout()
    path = mailbox.link_path(mailbox.last(to="boris@romashka.example"))
    auth.login("eve@example.com")
    assert client.post(path).status_code == 403
    assert "eve@example.com" not in _members(app, romashka)


def test_a_colleague_who_is_not_responsible_cannot_invite(app, client, auth, romashka,
                                                          make_user, make_contact, mailbox):
    boris = make_user(email="boris@romashka.example")
    make_contact(boris, romashka)
    auth.login("boris@romashka.example")
    page = client.get(f"/organizations/{romashka.id}").get_data(as_text=True)
    assert "Пригласить коллегу" not in page
    response = client.post(f"/organizations/{romashka.id}/invite",
                           data={"email": "someone@romashka.example"})
    assert response.status_code == 403
    assert mailbox.to("someone@romashka.example") == []


def test_outsiders_do_not_see_the_organization(client, auth, romashka, make_user):
    make_user(email="olga@vektor.example")
    auth.login("olga@vektor.example")
    assert client.get(f"/organizations/{romashka.id}").status_code == 404


def test_terrasoft_allows_one_responsible_contact(app, client, auth, romashka, make_user,
                                                  make_contact, mailbox):
    app.config["POLICY_PRESET"] = "terrasoft"
    boris = make_user(email="boris@romashka.example")
    membership = make_contact(boris, romashka)
    auth.login("anna@romashka.example")

    promote = client.post(f"/organizations/{romashka.id}/responsible",
                          data={"membership": membership.id, "responsible": "1"})
    assert promote.status_code == 409
    assert "не больше 1 ответственных лиц" in promote.get_data(as_text=True)

    invite = client.post(f"/organizations/{romashka.id}/invite",
                         data={"email": "new@romashka.example", "responsible": "y"})
    assert invite.status_code == 409
    assert mailbox.to("new@romashka.example") == []
    assert _members(app, romashka) == {"anna@romashka.example": True,
                                       "boris@romashka.example": False}
    with app.app_context():
        assert Invitation.select().count() == 0


def test_responsibility_moves_within_the_maximum(app, client, auth, romashka, make_user,
                                                 make_contact):
    app.config["POLICY_PRESET"] = "terrasoft"
    boris = make_user(email="boris@romashka.example")
    boris_membership = make_contact(boris, romashka)
    with app.app_context():
        anna_membership = Membership.get(Membership.user == User.by_email("anna@romashka.example"))
    auth.login("anna@romashka.example")

    last = client.post(f"/organizations/{romashka.id}/responsible",
                       data={"membership": anna_membership.id, "responsible": "0"})
    assert last.status_code == 409  # the organization would have nobody responsible
    app.config["POLICY_PRESET"] = "demo"  # up to 5: Boris can be added, then Anna steps down
    assert client.post(f"/organizations/{romashka.id}/responsible",
                       data={"membership": boris_membership.id,
                             "responsible": "1"}).status_code == 303
    assert client.post(f"/organizations/{romashka.id}/responsible",
                       data={"membership": anna_membership.id,
                             "responsible": "0"}).status_code == 303
    assert _members(app, romashka) == {"anna@romashka.example": False,
                                       "boris@romashka.example": True}


def test_open_responsible_invitations_count_toward_the_maximum(app, client, auth, romashka,
                                                               mailbox):
    app.config["POLICY_PRESET"] = "demo"  # largest maximum among ticket tiers: 5
    auth.login("anna@romashka.example")
    statuses = [client.post(f"/organizations/{romashka.id}/invite",
                            data={"email": f"r{n}@romashka.example", "responsible": "y"}
                            ).status_code for n in range(5)]
    assert statuses == [303, 303, 303, 303, 409]
    assert len(mailbox.messages) == 4


def test_expired_invitation(app, client, auth, romashka, mailbox):
    auth.login("anna@romashka.example")
    client.post(f"/organizations/{romashka.id}/invite", data={"email": "boris@romashka.example"})
    auth.logout()
    with app.app_context():
        Invitation.update(expires_at=Invitation.created_at).execute()
    response = client.get(mailbox.link_path(mailbox.last(to="boris@romashka.example")))
    assert response.status_code == 410
    assert "Срок приглашения истёк" in response.get_data(as_text=True)


def test_tampered_invitation_link(client, romashka):
    assert client.get("/invitation/not-a-real-token").status_code == 400


def test_profile_lists_the_users_organizations(client, auth, romashka):
    auth.login("anna@romashka.example", DEFAULT_PASSWORD)
    html = client.get("/profile").get_data(as_text=True)
    assert "Ромашка" in html and "ответственное лицо" in html


def test_a_forged_membership_id_is_refused_without_change(app, client, auth, romashka):
    auth.login("anna@romashka.example")
    for forged in ("abc", "1 OR 1=1", ""):
        response = client.post(f"/organizations/{romashka.id}/responsible",
                               data={"membership": forged, "responsible": "0"})
        assert response.status_code == 400, forged
    assert _members(app, romashka) == {"anna@romashka.example": True}


def test_under_terrasoft_the_responsible_contact_hands_over_the_role(app, client, auth,
                                                                   romashka, make_user,
                                                                   make_contact, mailbox):
    app.config["POLICY_PRESET"] = "terrasoft"  # one responsible contact
    boris = make_user(email="boris@romashka.example", name="Борис")
    boris_membership = make_contact(boris, romashka)
    auth.login("anna@romashka.example")
    page = client.get(f"/organizations/{romashka.id}").get_data(as_text=True)
    assert "Передать мои полномочия ответственного" in page
    assert "Назначить ответственным" not in page  # there is no room for a second one

    response = client.post(f"/organizations/{romashka.id}/responsible",
                           data={"membership": boris_membership.id, "responsible": "hand_over"})
    assert response.status_code == 303
    assert _members(app, romashka) == {"anna@romashka.example": False,
                                       "boris@romashka.example": True}
    assert "Теперь ответственное лицо — Борис" in client.get(
        f"/organizations/{romashka.id}").get_data(as_text=True)
    # Anna is an ordinary colleague now: she can neither invite nor take the role back.
    assert client.post(f"/organizations/{romashka.id}/invite",
                       data={"email": "x@romashka.example"}).status_code == 403
    with app.app_context():
        anna_membership = Membership.get(Membership.user == User.by_email("anna@romashka.example"))
    assert client.post(f"/organizations/{romashka.id}/responsible",
                       data={"membership": anna_membership.id,
                             "responsible": "hand_over"}).status_code == 403
    assert _members(app, romashka)["boris@romashka.example"] is True


def test_outsiders_cannot_invite_or_change_contacts(app, client, auth, romashka, make_user,
                                                    make_org, make_contact, mailbox):
    olga = make_user(email="olga@vektor.example")
    make_contact(olga, make_org("Вектор"), responsible=True)
    with app.app_context():
        anna_membership = Membership.get(Membership.user == User.by_email("anna@romashka.example"))
    auth.login("olga@vektor.example")
    # Another organization's object answers "not found", as a missing one would.
    assert client.post(f"/organizations/{romashka.id}/invite",
                       data={"email": "spy@vektor.example"}).status_code == 404
    for value in ("0", "hand_over"):
        assert client.post(f"/organizations/{romashka.id}/responsible",
                           data={"membership": anna_membership.id,
                                 "responsible": value}).status_code == 404
    assert _members(app, romashka) == {"anna@romashka.example": True}
    assert mailbox.to("spy@vektor.example") == []


def test_an_invitation_accepted_meanwhile_leaves_no_account_behind(app, client, auth, mailbox,
                                                                   romashka, monkeypatch):
    from portal.accounts import organizations
    from portal.errors import Conflict

    auth.login("anna@romashka.example")
    client.post(f"/organizations/{romashka.id}/invite", data={"email": "boris@romashka.example"})
    token = mailbox.link_path(mailbox.last(to="boris@romashka.example")).rsplit("/", 1)[1]
    with app.test_request_context():
        stale = organizations.open_invitation(token)  # what the first tab saw
        Invitation.update(accepted_at=stale.created_at).execute()  # another tab accepted
        monkeypatch.setattr(organizations, "open_invitation", lambda _token: stale)
        with pytest.raises(Conflict, match="Это приглашение уже принято"):
            organizations.accept_as_new_user(token, "Борис", "boris-strong-pass", "ru",
                                             "Europe/Moscow")
        assert User.by_email("boris@romashka.example") is None


def test_withdrawing_an_open_invitation_frees_its_place_and_kills_the_link(
        app, client, auth, romashka, mailbox):
    app.config["POLICY_PRESET"] = "demo"  # up to 5 responsible contacts
    auth.login("anna@romashka.example")
    for n in range(4):
        client.post(f"/organizations/{romashka.id}/invite",
                    data={"email": f"r{n}@romashka.example", "responsible": "y"})
    page = client.get(f"/organizations/{romashka.id}").get_data(as_text=True)
    assert "Открытые приглашения" in page and "r3@romashka.example" in page
    assert client.post(f"/organizations/{romashka.id}/invite",
                       data={"email": "r4@romashka.example",
                             "responsible": "y"}).status_code == 409  # every place is held
    with app.app_context():
        first = Invitation.get(Invitation.email == "r0@romashka.example")

    response = client.post(f"/organizations/{romashka.id}/invitations/withdraw",
                           data={"invitation": first.id})
    assert response.status_code == 303
    page = client.get(f"/organizations/{romashka.id}").get_data(as_text=True)
    assert "Приглашение отозвано" in page and "r0@romashka.example" not in page
    assert client.post(f"/organizations/{romashka.id}/invitations/withdraw",
                       data={"invitation": first.id}).status_code == 409  # not twice
    assert client.post(f"/organizations/{romashka.id}/invite",
                       data={"email": "r4@romashka.example",
                             "responsible": "y"}).status_code == 303
    auth.logout()
    assert client.get(mailbox.link_path(mailbox.last(to="r0@romashka.example"))
                      ).status_code == 410


def test_only_the_organizations_responsible_contact_withdraws_its_invitations(
        app, client, auth, romashka, make_user, make_org, make_contact, mailbox):
    auth.login("anna@romashka.example")
    client.post(f"/organizations/{romashka.id}/invite", data={"email": "kate@romashka.example"})
    auth.logout()
    with app.app_context():
        invitation = Invitation.get(Invitation.email == "kate@romashka.example")
    boris = make_user(email="boris@romashka.example")
    make_contact(boris, romashka)
    olga = make_user(email="olga@vektor.example")
    vektor = make_org("Вектор")
    make_contact(olga, vektor, responsible=True)

    auth.login("boris@romashka.example")
    assert "Открытые приглашения" not in client.get(
        f"/organizations/{romashka.id}").get_data(as_text=True)
    assert client.post(f"/organizations/{romashka.id}/invitations/withdraw",
                       data={"invitation": invitation.id}).status_code == 403
    auth.logout()
    auth.login("olga@vektor.example")  # responsible, but of another organization
    assert client.post(f"/organizations/{vektor.id}/invitations/withdraw",
                       data={"invitation": invitation.id}).status_code == 409
    assert client.post(f"/organizations/{vektor.id}/invitations/withdraw",
                       data={"invitation": "x"}).status_code == 400
    with app.app_context():
        assert Invitation.open(romashka).where(Invitation.id == invitation.id).exists()
