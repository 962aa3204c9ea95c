"""Article Markdown: what it renders to, and that hostile input never yields active content."""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.kb.markdown import render_article, sanitise
from tests.unit.test_kb_sanitiser import ATTRIBUTES, TAGS

SOURCE = "regulation/priorities.md"


class Collector(HTMLParser):
    """Every start tag with its attributes, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Collector()
    parser.feed(html)
    return parser.tags


SCROLL_REGION_ATTRIBUTES = {("class", "scroll-region"), ("role", "region"), ("tabindex", "0")}


def scroll_regions(html: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in tags_of(html) if tag == "div"]


def assert_inert(html: str) -> None:
    for tag, attrs in tags_of(html):
        # The allow-list is written out in the sanitiser's tests, not read from the code.
        assert tag in TAGS, tag
        for name, value in attrs.items():
            assert name in ATTRIBUTES.get(tag, set()), (tag, name)
            assert not name.startswith("on")
            if name in ("href", "src"):
                lowered = (value or "").strip().lower()
                assert lowered.startswith(("/kb/", "#", "http://", "https://", "mailto:")), value
            assert name != "style"
            if name == "class":
                assert value in ("align-left", "align-center", "align-right") or (
                    tag == "code" and (value or "").startswith("language-")
                ) or (tag == "div" and value == "scroll-region"), value
            if tag == "div":
                assert (name, value) in SCROLL_REGION_ATTRIBUTES or name == "aria-label", (
                    name, value)


def test_tables_fenced_code_and_heading_anchors():
    body = (
        "## Сроки ответа\n\n| P | Срок |\n|:--|---:|\n| P1 | 2 ч |\n\n```python\nprint('x')\n```\n"
    )
    html = render_article(body, SOURCE).html
    assert '<h2 id="сроки-ответа">Сроки ответа</h2>' in html
    # Alignment as classes: the page's CSP refuses style attributes.
    assert '<th class="align-left">P</th>' in html
    assert '<td class="align-right">2 ч</td>' in html
    assert "style=" not in html
    assert "<pre><code class=\"language-python\">print('x')\n</code></pre>" in html


REGION = '<div class="scroll-region" role="region" tabindex="0" aria-label="{}">'


def test_each_table_and_code_block_sits_in_a_focusable_named_scroll_region():
    """On a phone they scroll sideways; a keyboard reaches the scroller by Tab (WCAG 2.1.1)."""
    body = "| a | b |\n|---|---|\n| 1 | 2 |\n\n```sh\nls\n```\n\n    indented\n\n> ```\n> q\n> ```\n"
    html = render_article(body, SOURCE).html
    assert html.startswith(REGION.format("Таблица") + "\n<table>")
    assert "</table>\n</div>" in html
    assert REGION.format("Код") + '<pre><code class="language-sh">ls\n</code></pre>\n</div>' in html
    assert REGION.format("Код") + "<pre><code>indented\n</code></pre>\n</div>" in html
    assert "<blockquote>\n" + REGION.format("Код") + "<pre><code>q\n" in html
    assert [attrs["aria-label"] for attrs in scroll_regions(html)] == [
        "Таблица", "Код", "Код", "Код"]
    # Every region is closed: the tags balance.
    assert html.count("<div") == html.count("</div>") == 4


def test_scroll_regions_are_named_in_the_articles_language():
    html = render_article("| a |\n|---|\n| 1 |\n\n```\nx\n```\n", "crm/x.en.md", "en").html
    assert [attrs["aria-label"] for attrs in scroll_regions(html)] == ["Table", "Code"]
    # A language without its own names falls back to the default language's.
    html = render_article("```\nx\n```\n", SOURCE, "de").html
    assert [attrs["aria-label"] for attrs in scroll_regions(html)] == ["Код"]


def test_prose_without_tables_or_code_has_no_regions():
    assert "<div" not in render_article("Текст и `код в строке`.\n", SOURCE).html


def test_the_sanitiser_keeps_only_the_scroll_regions_own_attributes():
    kept = sanitise(REGION.format("Table") + "<p>x</p></div>")
    assert kept == REGION.format("Table") + "<p>x</p></div>"
    hostile = sanitise(
        '<div class="scroll-region wide" role="button" tabindex="-1" aria-label="Click me" '
        'id="main" style="color:red" onclick="alert(1)" title="t" aria-hidden="true" '
        'data-x="1" hidden>x</div>'
    )
    assert hostile == "<div>x</div>"
    # Another element's attribute values stay out of a div, and a div's out of others.
    assert sanitise('<div class="align-left" role="region">x</div>') == '<div role="region">x</div>'
    assert sanitise('<p role="region" tabindex="0" aria-label="Table">x</p>') == "<p>x</p>"
    assert sanitise('<pre tabindex="0"><code tabindex="0">x</code></pre>') == (
        "<pre><code>x</code></pre>")


def test_raw_html_regions_in_markdown_stay_text():
    html = render_article(REGION.format("Table") + "x</div>\n", SOURCE).html
    assert "<div" not in html and "&lt;div" in html


def test_relative_article_links_become_page_urls_and_are_recorded():
    body = "См. [SLA](sla.md#p1), [price](../licensing/price.en.md) и ![схема](img/flow.png).\n"
    rendered = render_article(body, SOURCE)
    hrefs = [
        attrs.get("href") or attrs.get("src") for tag, attrs in tags_of(rendered.html) if tag != "p"
    ]
    assert hrefs == [
        "/kb/regulation/sla#p1",
        "/kb/licensing/price/en",
        "/kb/media/regulation/img/flow.png",
    ]
    assert [(r.kind, r.target, r.line) for r in rendered.references] == [
        ("article", "regulation/sla.md", 1),
        ("article", "licensing/price.en.md", 1),
        ("image", "regulation/img/flow.png", 1),
    ]


def test_links_leaving_kb_and_external_images_are_dropped_and_reported():
    body = "[up](../../etc/passwd)\n\n![remote](https://tracker.example/pixel.png)\n"
    rendered = render_article(body, SOURCE)
    assert "passwd" not in rendered.html and "tracker.example" not in rendered.html
    assert [(r.kind, r.target, r.line) for r in rendered.references] == [
        ("file", None, 1),
        ("image", None, 3),
    ]


def test_a_level_one_heading_in_the_body_becomes_a_section():
    html = render_article("# Вступление\n\ntext\n", SOURCE).html
    assert "<h1" not in html and '<h2 id="вступление">' in html


def test_toc_only_for_articles_with_several_sections():
    short = render_article("## A\n\n## B\n", SOURCE)
    long = render_article("## A\n\n### A1\n\n## B\n\n## B\n", SOURCE)
    assert short.toc == ()
    assert [(e.level, e.anchor, e.title) for e in long.toc] == [
        (2, "a", "A"),
        (3, "a1", "A1"),
        (2, "b", "B"),
        (2, "b-1", "B"),
    ]


def test_word_count_counts_prose_not_code():
    rendered = render_article("Раз два, три-четыре.\n\n```\nnot counted here\n```\n", SOURCE)
    assert rendered.word_count == 3
    assert "not counted here" in rendered.plain_text


def test_a_line_break_inside_a_paragraph_separates_words():
    # Articles put a bold question on one line and its answer on the next.
    rendered = render_article("**Есть ли облачная версия?**\nНет, только\nна сервере.\n", SOURCE)
    assert rendered.plain_text == "Есть ли облачная версия? Нет, только на сервере."
    assert rendered.word_count == 8


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")',
    "<a href='javascript:alert(1)'>x</a>",
    "<iframe src=//evil.example></iframe>",
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
    "[x]: javascript:alert(1)\n\n[link][x]",
    "<svg onload=alert(1)>",
    "```html\n<script>alert(1)</script>\n```",
    "`<b onclick=alert(1)>`",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markdown_is_inert(hostile):
    html = render_article(hostile + "\n", SOURCE).html
    assert_inert(html)
    assert "<script" not in html.lower()
    assert "javascript:" not in "".join(
        str(value).lower() for _, attrs in tags_of(html) for value in attrs.values()
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(HOSTILE + ["**bold**", "## Head", "| a |\n|---|\n| b |", "\n\n", "> q"])
        | st.text(),
        max_size=8,
    )
)
def test_any_mix_of_hostile_fragments_stays_inert(pieces):
    assert_inert(render_article("\n".join(pieces), SOURCE).html)
