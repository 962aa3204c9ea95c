"""The kb/ tree on disk: categories, article files, and what `portal kb check` reports."""

import shutil
from pathlib import Path

import pytest

from portal.kb.catalog import article_files, check, load_article, load_category
from portal.kb.media import confined_file, sniff_image
from portal.kb.paths import ArticleAddress, join_relative

FIXTURE = Path(__file__).resolve().parent.parent / "kb_fixture"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return root


def test_the_fixture_tree_is_clean():
    assert check(FIXTURE) == []


def test_categories_and_articles_are_found():
    assert load_category(FIXTURE, "basics").title_en == "First steps"
    paths = [stamp.path for stamp in article_files(FIXTURE)]
    assert paths == ["basics/first-steps.en.md", "basics/first-steps.md", "howto/export.md"]
    source = load_article(FIXTURE, article_files(FIXTURE)[1])
    assert source.address == ArticleAddress("basics", "first-steps", "ru")
    assert source.rendered.word_count >= 250
    assert len(source.sha256) == 64


@pytest.mark.parametrize(
    ("path", "address"),
    [
        ("regulation/priorities.md", ArticleAddress("regulation", "priorities", "ru")),
        ("regulation/priorities.en.md", ArticleAddress("regulation", "priorities", "en")),
        ("regulation/Priorities.md", None),
        ("regulation/priorities.de.md", None),
        ("regulation/priorities.ru.md", None),
        ("priorities.md", None),
        ("a/b/c.md", None),
    ],
)
def test_article_addresses(path, address):
    assert ArticleAddress.from_path(path) == address


def test_address_urls():
    assert ArticleAddress("regulation", "sla", "ru").url == "/kb/regulation/sla"
    assert ArticleAddress("regulation", "sla", "en").url == "/kb/regulation/sla/en"


def test_relative_joins_stay_inside_kb():
    assert join_relative("a/b.md", "../c/d.md") == "c/d.md"
    assert join_relative("a/b.md", "../../etc/passwd") is None
    assert join_relative("a/b.md", "/etc/passwd") is None
    assert join_relative("a/b.md", "..") is None


def test_broken_links_images_translations_and_short_articles_are_listed(kb: Path):
    article = kb / "howto" / "export.md"
    text = article.read_text(encoding="utf-8")
    text = text.replace("../basics/first-steps.md", "../basics/missing.md")
    text += "\n![схема](diagram.png)\n"
    article.write_text(text, encoding="utf-8")
    (kb / "howto" / "diagram.png").write_bytes(b"<svg onload='alert(1)'></svg>")
    english = kb / "basics" / "first-steps.en.md"
    english.write_text(
        english.read_text(encoding="utf-8").split("## Checking", 1)[0], encoding="utf-8"
    )
    russian = kb / "basics" / "first-steps.md"
    russian.write_text(
        russian.read_text(encoding="utf-8").replace("translation: basics/first-steps.en.md\n", ""),
        encoding="utf-8",
    )
    messages = [str(problem) for problem in check(kb)]
    assert messages == [
        (
            "basics/first-steps.en.md:9: translation basics/first-steps.md does not link back"
            " to basics/first-steps.en.md"
        ),
        "basics/first-steps.en.md:11: 62 words; an article needs at least 250",
        "howto/export.md:36: article not found: ../basics/missing.md#проверка-службы",
        "howto/export.md:41: not a PNG, JPEG, GIF or WebP image: diagram.png",
    ]


def test_front_matter_errors_and_missing_category_file_are_listed(kb: Path):
    (kb / "howto" / "_category.md").unlink()
    bad = kb / "basics" / "Bad Name.md"
    bad.write_text("no front matter\n", encoding="utf-8")
    (kb / "basics" / "second.md").write_text("---\ntitle: [unclosed\n---\ntext\n", encoding="utf-8")
    messages = [str(problem) for problem in check(kb)]
    assert messages[0].startswith("basics/Bad Name.md:1: file name must be")
    # The unclosed list runs into the end of the front matter, just before the closing line.
    assert messages[1] == "basics/second.md:3: YAML: expected ',' or ']', but got '<stream end>'"
    assert (
        messages[2] == "howto/_category.md:1: category has no _category.md (title, title_en, order)"
    )
    assert len(messages) == 3


@pytest.mark.parametrize(
    ("head", "mimetype"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image/png"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "image/jpeg"),
        (b"GIF89a\x01\0\x01\0", "image/gif"),
        (b"RIFF\x24\0\0\0WEBPVP8 ", "image/webp"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'>", None),
        (b"<html><script>alert(1)</script>", None),
        (b"", None),
    ],
)
def test_images_are_recognised_by_content(head, mimetype):
    assert sniff_image(head) == mimetype


def test_media_paths_are_confined_to_kb(kb: Path, tmp_path: Path):
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\nsecret")
    (kb / "basics" / "link.png").symlink_to(tmp_path / "secret.png")
    assert confined_file(kb, "basics/screen.png") == (kb / "basics" / "screen.png").resolve()
    assert confined_file(kb, "../secret.png") is None
    assert confined_file(kb, "basics/link.png") is None
    assert confined_file(kb, "basics") is None
    assert confined_file(kb, "basics/.hidden.png") is None


def test_folders_named_like_the_pages_own_urls_are_refused(kb: Path):
    (kb / "tags").mkdir()
    (kb / "tags" / "_category.md").write_text(
        "---\ntitle: Метки\ntitle_en: Tags\norder: 3\n---\n", encoding="utf-8"
    )
    assert [str(p) for p in check(kb)] == [
        "tags/_category.md:1: 'tags' is reserved for the pages' own URLs"
    ]
