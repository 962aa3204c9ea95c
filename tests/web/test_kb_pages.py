"""Knowledge-base pages in Russian and English: index, category, article, tags, images."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "kb_fixture"
EN = {"Accept-Language": "en-GB,en;q=0.9"}
RU = {"Accept-Language": "ru-RU,ru;q=0.9"}


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def app_config(app_config, kb_dir):
    return {**app_config, "KB_DIR": str(kb_dir), "KB_SYNC_ON_START": True}


def text_of(response) -> str:
    return response.get_data(as_text=True)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags_in(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.found


def test_index_lists_categories_in_order_in_russian(client):
    html = text_of(client.get("/kb/", headers=RU))
    assert "<h1>База знаний</h1>" in html
    assert html.index("Первые шаги") < html.index("Практические рецепты")
    assert "1 статья" in html  # one article per slug: the English twin is not counted twice
    assert (
        'href="/kb/tags/%D0%BD%D0%B0%D1%87%D0%B0%D0%BB%D0%BE%20%D1%80%D0%B0%D0%B1%D0%BE%D1%82%D1%8B"'
        in html
    )


def test_index_in_english(client):
    html = text_of(client.get("/kb/", headers=EN))
    assert "<h1>Knowledge base</h1>" in html
    assert "First steps" in html and "How-to recipes" in html
    assert "Installing the demo product and finding your way around it." in html
    assert "1 article" in html


def test_category_offers_the_readers_language_and_marks_the_others(client):
    ru = text_of(client.get("/kb/basics", headers=RU))
    assert '<a href="/kb/basics/first-steps">Первый запуск системы</a>' in ru
    en = text_of(client.get("/kb/basics", headers=EN))
    assert '<a href="/kb/basics/first-steps/en">Starting the system for the first time</a>' in en
    howto = text_of(client.get("/kb/howto", headers=EN))
    assert 'hreflang="ru" lang="ru">Выгрузка и загрузка данных</a>' in howto
    assert "(in Russian)" in howto


def test_russian_article_page(client):
    response = client.get("/kb/basics/first-steps", headers=RU)
    assert response.status_code == 200
    html = text_of(response)
    assert '<nav aria-label="Навигационная цепочка"' in html
    assert '<li><a href="/kb/basics">Первые шаги</a></li>' in html
    assert '<time datetime="2026-10-14">14 октября 2026' in html
    assert "<dd>Лоцман CRM</dd>" in html and "<dd>6.0</dd>" in html
    assert '<a href="/kb/basics/first-steps/en" hreflang="en" lang="en">Read in English</a>' in html
    assert '<a href="#проверка-службы" lang="ru">Проверка службы</a>' in html
    assert '<img src="/kb/media/basics/screen.png" alt="Экран входа">' in html
    related = html[html.index('id="kb-related"') :]
    assert 'href="/kb/howto/export"' in related


def test_english_article_page_in_the_english_interface(client):
    html = text_of(client.get("/kb/basics/first-steps/en", headers=EN))
    assert '<html lang="en">' in html and '<article class="kb-article" lang="en">' in html
    assert "October 14, 2026" in html
    assert "<dd>Lotsman CRM</dd>" in html
    assert '<a href="/kb/basics/first-steps" hreflang="ru" lang="ru">Читать на русском</a>' in html
    assert "Was this helpful?" in html
    # Related articles stay in the article's language; the only one sharing tags is Russian.
    assert 'id="kb-related"' not in html


def test_article_without_a_translation_has_no_switch_and_any_version(client):
    html = text_of(client.get("/kb/howto/export", headers=EN))
    assert "Read in English" not in html and "Читать на русском" not in html
    assert "<dd>any version</dd>" in html
    assert "<dd>Lotsman CRM, Lotsman Service Desk</dd>" in html


def test_missing_language_version_redirects_and_unknown_articles_are_404(client):
    response = client.get("/kb/howto/export/en")
    assert response.status_code == 303 and response.headers["Location"].endswith("/kb/howto/export")
    assert client.get("/kb/howto/nothing").status_code == 404
    assert client.get("/kb/nothing").status_code == 404
    assert client.get("/kb/basics/first-steps/de").status_code == 404


def test_tag_page_lists_articles_of_both_languages(client):
    html = text_of(client.get("/kb/tags/начало работы", headers=RU))
    assert "Статьи с меткой «начало работы»" in html
    assert 'href="/kb/basics/first-steps"' in html and 'href="/kb/howto/export"' in html
    assert client.get("/kb/tags/no-such-tag").status_code == 404


def test_images_are_served_with_their_type_and_nosniff(client):
    response = client.get("/kb/media/basics/screen.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data.startswith(b"\x89PNG")
    response.close()


@pytest.mark.parametrize(
    "path",
    [
        "basics/first-steps.md",
        "basics/fake.png",
        "basics/drawing.svg",
        "../kb_outside.png",
        "basics/../../kb_outside.png",
        "basics/%2e%2e/%2e%2e/kb_outside.png",
    ],
)
def test_only_real_images_inside_kb_are_served(client, kb_dir: Path, path):
    (kb_dir / "basics" / "fake.png").write_text("<script>alert(1)</script>", encoding="utf-8")
    (kb_dir / "basics" / "drawing.svg").write_text("<svg onload='alert(1)'/>", encoding="utf-8")
    (kb_dir.parent / "kb_outside.png").write_bytes(b"\x89PNG\r\n\x1a\noutside")
    assert client.get(f"/kb/media/{path}").status_code == 404


def test_a_hostile_article_renders_inert(app, app_config, kb_dir: Path):
    # `app` (synced already) wipes the rows afterwards; this second app syncs the hostile file.
    from portal import create_app

    hostile = (
        (FIXTURE / "howto" / "export.md")
        .read_text(encoding="utf-8")
        .replace(
            "Перенос данных",
            "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> Перенос",
        )
    )
    (kb_dir / "howto" / "export.md").write_text(hostile, encoding="utf-8")
    client = create_app(app_config).test_client()
    html = text_of(client.get("/kb/howto/export"))
    body = html[html.index('<div class="kb-body">') : html.index("</article>")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    for tag, attrs in tags_in(body):
        assert tag not in ("script", "img") or attrs.get("src", "").startswith("/kb/media/")
        assert not any(name.startswith("on") for name in attrs)
        assert "javascript" not in attrs.get("href", "")


def test_a_description_without_an_english_version_is_marked_russian(client):
    html = text_of(client.get("/kb/", headers=EN))
    assert '<p lang="ru">Короткие инструкции для повседневных задач.</p>' in html
    assert "<p>Installing the demo product and finding your way around it.</p>" in html
    category = text_of(client.get("/kb/howto", headers=EN))
    assert '<p lang="ru">Короткие инструкции для повседневных задач.</p>' in category


def test_the_index_offers_a_search_box(client):
    html = text_of(client.get("/kb/", headers=RU))
    form = html[html.index('<form role="search"') :]
    assert 'action="/search"' in form[: form.index(">")]
    assert '<label for="kb-q" class="visually-hidden">Поиск по базе знаний</label>' in form
    assert 'name="q"' in form
