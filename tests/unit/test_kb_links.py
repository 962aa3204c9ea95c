"""Links of an article to the portal's own pages, protocol-relative links, what a reference
records, and heading anchors (render_article with `site_paths`, the pages that exist)."""

import pytest

from portal.kb.markdown import heading_anchor, render_article

SITE = frozenset({"/tickets/new", "/tickets"})
REL = ' rel="noopener noreferrer"'


@pytest.mark.parametrize(("body", "html"), [
    # A page of the portal keeps its whole address, query and fragment included.
    ("[a](/tickets/new?x=1#f)", f'<a href="/tickets/new?x=1#f"{REL}>a</a>'),
    ("[b](/tickets?a=1?b=2#c#d)", f'<a href="/tickets?a=1?b=2#c#d"{REL}>b</a>'),
    ("[e](/tickets/new)", f'<a href="/tickets/new"{REL}>e</a>'),
    ("[g](/tickets%2Fnew)", f'<a href="/tickets%2Fnew"{REL}>g</a>'),
    # A page that does not exist (yet) keeps only its words.
    ("[c](/nowhere)", f"<a{REL}>c</a>"),
    # Protocol-relative: another host, with no scheme to allow.
    ("[d](//evil.example/x)", f"<a{REL}>d</a>"),
    ("[h](#section)", f'<a href="#section"{REL}>h</a>'),
])
def test_links_to_the_portals_pages(body, html):
    assert render_article(body + "\n", "regulation/x.md", site_paths=SITE).html.strip() == (
        f"<p>{html}</p>")


def test_without_site_paths_no_page_of_the_portal_is_linked():
    assert render_article("[a](/tickets/new)\n", "regulation/x.md").html.strip() == (
        f"<p><a{REL}>a</a></p>")


def test_images_never_take_the_page_rule_and_references_keep_what_was_written():
    rendered = render_article("![i](/tickets/x.png)\n\n![r](https://t.example/p.gif)\n",
                              "regulation/x.md", site_paths=SITE)
    assert rendered.html.count("<img") == 2 and "src=" not in rendered.html
    assert [(r.kind, r.target, r.line, r.written) for r in rendered.references] == [
        ("image", None, 1, "/tickets/x.png"), ("image", None, 3, "https://t.example/p.gif")]


def test_heading_anchors():
    assert heading_anchor("-- _Итоги_ --") == "итоги"
    assert heading_anchor("Раз, два") == "раз-два"
    assert heading_anchor("???") == "section"


def test_a_hard_line_break_separates_words_and_inline_code_counts_as_text():
    broken = render_article("Раз  \nдва\n", "regulation/x.md")
    assert (broken.plain_text, broken.word_count) == ("Раз два", 2)
    assert "<br>" in broken.html
    code = render_article("Команда `portal kb check` проверяет.\n", "regulation/x.md")
    assert (code.plain_text, code.word_count) == ("Команда portal kb check проверяет.", 5)


def test_sections_anchors_contents_and_text_of_an_article():
    rendered = render_article(
        "## ???\n\n#### Четыре\n\n## A\n\n## B\n\nРаз.\n\nДва.\n\n    indented code\n",
        "regulation/x.md")
    html = rendered.html
    # Only levels 2 and 3 get anchors; a title of no letters still gets one.
    assert '<h2 id="section">???</h2>' in html and "<h4>Четыре</h4>" in html
    # Exactly three sections are enough for a table of contents; level 4 is not in it.
    assert [(e.level, e.anchor, e.title) for e in rendered.toc] == [
        (2, "section", "???"), (2, "a", "A"), (2, "b", "B")]
    assert rendered.headings == ("???", "A", "B")
    # Indented code is indexed like fenced code; paragraphs stay apart in words and text.
    assert rendered.plain_text == "???\nЧетыре\nA\nB\nРаз.\nДва.\nindented code\n"
    assert rendered.word_count == 5


@pytest.mark.parametrize(("body", "html", "references"), [
    ("[ok](https://ok.example/x)", f'<a href="https://ok.example/x"{REL}>ok</a>', []),
    ("[H](HTTPS://ok.example)", f'<a href="HTTPS://ok.example"{REL}>H</a>', []),
    ("[m](mailto:a@b.example)", f'<a href="mailto:a@b.example"{REL}>m</a>', []),
    # A query is not part of a file's name; the fragment stays on an article link.
    ("[s](sla.md?x=1#p1)", f'<a href="/kb/regulation/sla#p1"{REL}>s</a>',
     [("article", "regulation/sla.md", "sla.md?x=1#p1")]),
    ("![f](img/flow.png?v=2)", '<img src="/kb/media/regulation/img/flow.png" alt="f">',
     [("image", "regulation/img/flow.png", "img/flow.png?v=2")]),
    # An image is a file even when it names a Markdown file.
    ("![x](sla.md)", '<img src="/kb/media/regulation/sla.md" alt="x">',
     [("image", "regulation/sla.md", "sla.md")]),
    # A Markdown file that is no article (a category's description) gives no address.
    ("[c](_category.md)", f"<a{REL}>c</a>", [("article", "regulation/_category.md",
                                              "_category.md")]),
])
def test_external_links_queries_and_files(body, html, references):
    rendered = render_article(body + "\n", "regulation/priorities.md")
    assert rendered.html.strip() == f"<p>{html}</p>"
    assert [(r.kind, r.target, r.written) for r in rendered.references] == references
