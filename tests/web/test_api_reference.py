"""The knowledge base, the tiers and an organization's licenses, contracts and entitlement over
the API; another organization's are not found."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.plugins.api import bearer

FIXTURE = Path(__file__).resolve().parent.parent / "kb_fixture"
EN = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.fixture
def app_config(app_config, tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return {**app_config, "KB_DIR": str(root), "KB_SYNC_ON_START": True}


def test_search_finds_word_forms_and_pages_with_cursors(client):
    found = client.get("/api/v1/kb/search?q=запуска").get_json()
    first = [hit for hit in found["items"] if hit["ref"].startswith("basics/first-steps")]
    assert first and first[0]["url"] == "http://portal.test/kb/basics/first-steps"
    assert first[0]["language"] == "ru" and "<mark>" not in first[0]["snippet"]
    english = client.get("/api/v1/kb/search?q=service&language=en").get_json()
    assert any(hit["url"].endswith("/kb/basics/first-steps/en") for hit in english["items"])
    page = client.get("/api/v1/kb/search?q=система&limit=1").get_json()
    if page["total"] > 1:
        following = client.get(f"/api/v1/kb/search?q=система&limit=1&cursor="
                               f"{page['next_cursor']}").get_json()
        assert following["items"][0]["ref"] != page["items"][0]["ref"]
    else:
        assert page["next_cursor"] is None
    empty = client.get("/api/v1/kb/search?q=%20")
    assert empty.status_code == 422 and "q" in empty.get_json()["errors"]


def test_categories_and_their_articles_in_the_requests_language(client):
    ru = client.get("/api/v1/kb/categories").get_json()["items"]
    basics = next(c for c in ru if c["slug"] == "basics")
    assert (basics["title"], basics["article_count"]) == ("Первые шаги", 1)
    en = client.get("/api/v1/kb/categories", headers=EN).get_json()["items"]
    assert next(c for c in en if c["slug"] == "basics")["title"] == "First steps"
    listed = client.get("/api/v1/kb/categories/basics/articles", headers=EN).get_json()
    assert [(a["slug"], a["language"]) for a in listed["items"]] == [("first-steps", "en")]
    assert client.get("/api/v1/kb/categories/nope/articles").status_code == 404


def test_an_article_with_its_headings_and_translation(client, licensed, make_token):
    article = client.get("/api/v1/kb/articles/basics/first-steps").get_json()
    assert (article["title"], article["language"]) == ("Первый запуск системы", "ru")
    assert article["updated"] == "2026-10-14" and article["products"] == ["crm"]
    assert {"level": 2, "anchor": "проверка-службы", "title": "Проверка службы"} in article["toc"]
    assert article["translations"] == [
        {"language": "en", "url": "http://portal.test/kb/basics/first-steps/en"}]
    assert "<h2" in article["html"] and "<script" not in article["html"]
    english = client.get("/api/v1/kb/articles/basics/first-steps?language=en",
                         headers=bearer(make_token(licensed["anna"]))).get_json()
    assert english["title"] == "Starting the system for the first time"
    only_russian = client.get("/api/v1/kb/articles/howto/export", headers=EN).get_json()
    assert only_russian["language"] == "ru"
    assert client.get("/api/v1/kb/articles/basics/nothing").status_code == 404
    wrong = client.get("/api/v1/kb/articles/basics/first-steps",
                       headers=bearer("pat_not-a-token"))
    assert wrong.status_code == 401  # a token sent must be valid, even where none is needed


def test_the_tiers_of_the_regulation(client):
    ru = client.get("/api/v1/tiers").get_json()
    en = client.get("/api/v1/tiers", headers=EN).get_json()
    assert [t["code"] for t in ru["tiers"]] == [t["code"] for t in en["tiers"]]
    standard = next(t for t in en["tiers"] if t["code"] == "standard")
    assert standard["name"] == "Standard" and standard["has_tickets"] is True
    assert any(t["kind"] == "first_response" for t in standard["targets"])
    assert next(t for t in ru["tiers"] if t["code"] == "standard")["name"] != "Standard"
    assert ru["currency"] == "RUB" and ru["priorities"][0]["number"] == 1
    assert "crm" in [p["code"] for p in ru["products"]]


@pytest.fixture
def romashka(app, licensed):
    from portal.billing.models import License

    with app.app_context():
        License.create(organization=licensed["organization"], product="crm",
                       edition="standard", quantity=30, purchased_on=date(2025, 12, 20),
                       version="5.2", license_key="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    return licensed


def test_an_organizations_licenses_contracts_and_entitlement(client, romashka, make_token):
    secret = make_token(romashka["boris"], scopes=("read",))
    organization_id = romashka["organization"].id
    mine = client.get("/api/v1/organizations", headers=bearer(secret)).get_json()["items"]
    assert mine == [{"id": organization_id, "name": "Ромашка", "timezone": "Europe/Moscow",
                     "responsible": False}]
    licenses = client.get(f"/api/v1/organizations/{organization_id}/licenses",
                          headers=bearer(secret)).get_json()["items"]
    assert [(row["product"], row["quantity"], row["license_key"]) for row in licenses] == [
        ("crm", 30, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")]
    contracts = client.get(f"/api/v1/organizations/{organization_id}/contracts",
                           headers=bearer(secret, **EN)).get_json()["items"]
    assert [(c["tier"], c["kind"], c["first_day"], c["last_day"], c["running"])
            for c in contracts] == [("standard", "paid", "2026-01-01", "2026-12-31", True)]
    assert contracts[0]["days_left"] == 333  # from Monday 2 February 2026, both days counted
    rights = client.get(f"/api/v1/organizations/{organization_id}/entitlement",
                        headers=bearer(secret, **EN)).get_json()
    assert rights["on"] == "2026-02-02"
    assert rights["tier"] == {"code": "standard", "name": "Standard"}
    assert rights["product_tiers"] == {"crm": "standard"}
    assert rights["contract"]["last_day"] == rights["contract_end"] == "2026-12-31"
    assert rights["has_tickets"] is True and rights["who_files"] in ("responsible", "any")


def test_another_organization_reads_as_not_found(client, romashka, make_user, make_org,
                                                 make_contact, make_token):
    outsider = make_user(email="ivan@other.example")
    make_contact(outsider, make_org("Другая"), responsible=True)
    secret = make_token(outsider)
    for part in ("licenses", "contracts", "entitlement"):
        foreign = client.get(f"/api/v1/organizations/{romashka['organization'].id}/{part}",
                             headers=bearer(secret))
        assert foreign.status_code == 404, part
        missing = client.get(f"/api/v1/organizations/999999/{part}", headers=bearer(secret))
        assert missing.status_code == 404
        assert foreign.get_json()["title"] == missing.get_json()["title"] == "Не найдено"
        # Nothing in the answer tells a foreign organization from a missing one.
        assert {k: v for k, v in foreign.get_json().items() if k != "instance"} == {
            k: v for k, v in missing.get_json().items() if k != "instance"}
    staff = make_token(romashka["agent"])
    assert client.get(f"/api/v1/organizations/{romashka['organization'].id}/licenses",
                      headers=bearer(staff)).status_code == 200
