"""The regulation section written from the preset: rewritten when the preset changes, articles
limited to presets by front matter, links only to pages that exist, worked examples right."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal.db import db
from portal.domain.policy import load_preset
from portal.kb.catalog import check
from portal.kb.models import KbArticle, KbCategory
from portal.kb.regulation import generated_paths, regulation_articles
from portal.kb.sync import sync_index
from portal.search.index import indexed_refs

FIXTURE = Path(__file__).resolve().parent.parent / "kb_fixture"
DEMO_ONLY = """---
title: Тарифы Лоцман Софт
summary: Только для демонстрационного поставщика.
products: []
versions: []
tags: [тарифы]
updated: 2026-11-21
language: ru
presets: [demo]
---
«Стандарт»: 20 % стоимости лицензий, не меньше 30 000 ₽.
"""


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    (root / "howto" / "demo-prices.md").write_text(DEMO_ONLY, encoding="utf-8")
    return root


@pytest.fixture
def connected(app):
    with app.app_context():
        db.connect(reuse_if_open=True)
        yield app
        db.close()


def paths() -> set[str]:
    return {row.path for row in KbArticle.select(KbArticle.path)}


def test_changing_the_preset_rewrites_the_section_and_drops_the_other_vendors_articles(
        connected, kb_dir):
    demo, axistem = load_preset("demo"), load_preset("axistem")
    sync_index(kb_dir, policy=demo)
    assert "howto/demo-prices.md" in paths() and "howto/demo-prices.md" in indexed_refs("article")
    overview = KbArticle.get(KbArticle.path == "regulation/overview.md")
    assert overview.title == "Как работает поддержка Лоцман Софт" and overview.presets == "demo"
    report = sync_index(kb_dir, policy=axistem)
    assert "howto/demo-prices.md" in report.removed
    assert "howto/demo-prices.md" not in paths() | indexed_refs("article")
    assert "regulation/overview.md" in report.updated
    overview = KbArticle.get(KbArticle.path == "regulation/overview.md")
    assert overview.title == "Как работает поддержка Аксистем" and "Лоцман" not in overview.html
    assert "regulation" in {c.slug for c in KbCategory.select()}
    again = sync_index(kb_dir, policy=axistem)
    assert not again.changed  # keyed by the preset: nothing to redo
    back = sync_index(kb_dir, policy=demo)
    assert "howto/demo-prices.md" in back.added


def test_a_category_limited_to_other_presets_leaves_with_its_articles(connected, kb_dir):
    category = kb_dir / "howto" / "_category.md"
    category.write_text(category.read_text(encoding="utf-8").replace(
        "order:", "presets: [demo]\norder:"), encoding="utf-8")
    sync_index(kb_dir, policy=load_preset("demo"))
    assert "howto/export.md" in paths()
    sync_index(kb_dir, policy=load_preset("istom"))
    assert not any(path.startswith("howto/") for path in paths())
    assert "howto" not in {c.slug for c in KbCategory.select()}


def test_links_name_portal_pages_only_once_they_exist():
    axistem = load_preset("axistem")
    without = {a.path: a.body for a in regulation_articles(axistem, frozenset({"/tiers"}))}
    assert "](/tickets" not in without["regulation/good-ticket.md"]
    assert "«Мои обращения»" in without["regulation/good-ticket.md"]  # the words stay
    pages = frozenset({"/tiers", "/tickets", "/tickets/new", "/community", "/hours", "/prices"})
    found = {a.path: a.body for a in regulation_articles(axistem, pages)}
    assert "[«Мои обращения»](/tickets)" in found["regulation/good-ticket.md"]
    assert "[new ticket](/tickets/new)" in found["regulation/good-ticket.en.md"]
    # The community is another engineer's page in the making: the section never links it.
    assert not any("/community" in body for body in found.values())


def test_the_axistem_worked_proration_is_the_seeds_arithmetic():
    """000, п. 10: «Оплатить стоимость ТП на докупаемые лицензии исходя из ранее оплаченного
    общего срока действия»; п. 11: «20% от стоимости всех купленных лицензий».

    10 лицензий по 15 000 ₽ → 150 000 × 20 % = 30 000 ₽; +2 → 180 000 × 20 % = 36 000 ₽;
    с 01.07.2026 до 31.12.2026 — 184 дня из 365: (36 000 − 30 000) × 184 / 365 = 3 024,66 ₽.
    Или новый год на все 12 лицензий: 36 000 ₽."""
    prices = next(a for a in regulation_articles(load_preset("axistem"), frozenset())
                  if a.path == "regulation/prices.md")
    assert ("годовая стоимость после покупки 36 000 ₽ минус до покупки 30 000 ₽, умножить на "
            "184 из 365") in prices.body.replace("\u00a0", " ")
    assert "= 3 024,66 ₽" in prices.body.replace("\u00a0", " ")
    assert "новый год поддержки на все 12 лицензий с 2026-07-01: 36 000 ₽" in prices.body.replace(
        "\u00a0", " ")


def test_kb_check_names_unknown_presets_and_files_at_generated_paths(kb_dir):
    article = kb_dir / "howto" / "demo-prices.md"
    article.write_text(DEMO_ONLY.replace("presets: [demo]", "presets: [demoo]"), encoding="utf-8")
    (kb_dir / "regulation").mkdir()
    (kb_dir / "regulation" / "_category.md").write_text(
        "---\ntitle: Регламент\ntitle_en: Regulation\norder: 1\n---\nТекст.\n", encoding="utf-8")
    (kb_dir / "regulation" / "overview.md").write_text(DEMO_ONLY.replace(
        "presets: [demo]\n", ""), encoding="utf-8")
    problems = [str(p) for p in check(kb_dir, generated_paths(), frozenset({"demo", "istom"}))]
    assert any(p.startswith("howto/demo-prices.md:9: unknown preset 'demoo'") for p in problems)
    assert any(p.startswith("regulation/overview.md:1: this path is written from the policy")
               for p in problems)


@pytest.mark.parametrize("code", ["demo", "axistem", "terrasoft", "istom", "procrm", "ascon"])
def test_every_generated_article_links_only_within_the_section_and_speaks_its_language(code):
    import re

    from portal.kb.markdown import render_article

    policy = load_preset(code)
    pages = frozenset({"/tiers", "/hours", "/prices", "/tickets", "/tickets/new"})
    articles = regulation_articles(policy, pages)
    assert len(articles) == len(generated_paths())
    for article in articles:
        rendered = render_article(article.body, article.path, article.language, pages)
        targets = {ref.target for ref in rendered.references}
        assert targets <= generated_paths(), (article.path, targets)
        assert all(target.endswith(".en.md") == (article.language == "en") for target in targets)
        if article.language == "en":  # nothing left in Russian but the vendor's own name
            text = article.body.replace(policy.vendor.ru, "")
            assert not re.search("[а-яё]", text, re.IGNORECASE), article.path


def test_a_hand_written_link_to_a_page_appears_once_the_page_exists(connected, kb_dir):
    article = kb_dir / "howto" / "export.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nСм. [Мои обращения](/tickets) и "
                       "[Сообщество](/community).\n", encoding="utf-8")
    demo = load_preset("demo")
    sync_index(kb_dir, policy=demo, site_paths=frozenset({"/kb/"}))
    html = KbArticle.get(KbArticle.path == "howto/export.md").html
    assert "Мои обращения" in html and 'href="/tickets"' not in html
    report = sync_index(kb_dir, policy=demo, site_paths=frozenset({"/kb/", "/tickets"}))
    assert "howto/export.md" in report.updated  # the file is unchanged; the pages are not
    html = KbArticle.get(KbArticle.path == "howto/export.md").html
    assert '<a href="/tickets" rel="noopener noreferrer">Мои обращения</a>' in html
    assert 'href="/community"' not in html


def test_in_demo_mode_the_knowledge_base_says_whose_support_it_describes(app, client):
    app.config["DEMO_MODE"] = True
    page = client.get("/kb/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "kb-preset-notice" not in page
    assert client.post("/tiers/preset", data={"preset": "axistem"}).status_code == 303
    page = client.get("/kb/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert ("База знаний описывает поддержку Лоцман Софт — собственный регламент портала; "
            "уровни, часы работы и цены Аксистем, выбранного в демо, — на их страницах.") in page
