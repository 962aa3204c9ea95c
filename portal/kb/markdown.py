"""Article Markdown rendered to sanitised HTML, with a table of contents and its references."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

from portal.kb.paths import DEFAULT_LANGUAGE, ArticleAddress, join_relative, media_url

# Bump when what this module produces (HTML, text, counts) changes: articles are rendered again.
RENDERER_VERSION = 5
# A table of contents helps only once an article has several sections.
TOC_MIN_HEADINGS = 3
SAFE_SCHEMES = {"http", "https", "mailto"}
_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
_LANGUAGE_CLASS_RE = re.compile(r"^language-[A-Za-z0-9_+#.-]{1,30}$")
_ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
_ALIGN_STYLE_RE = re.compile(r"^text-align:(left|center|right)$")

_BLOCK_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre", "blockquote", "hr"}
_TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}
_INLINE_TAGS = {"a", "img", "strong", "em", "code", "br", "s", "del"}
# Tables and code blocks scroll sideways on a phone; the region around each is focusable and
# named (in the article's language) so a keyboard can scroll it (axe scrollable-region-focusable).
SCROLL_REGION_CLASS = "scroll-region"
SCROLL_REGION_LABELS = {
    "ru": {"table": "Таблица", "code": "Код"},
    "en": {"table": "Table", "code": "Code"},
}
_SCROLL_REGION_VALUES = {
    "class": {SCROLL_REGION_CLASS},
    "role": {"region"},
    "tabindex": {"0"},
    "aria-label": {label for labels in SCROLL_REGION_LABELS.values() for label in labels.values()},
}
ALLOWED_TAGS = _BLOCK_TAGS | _TABLE_TAGS | _INLINE_TAGS | {"div"}
ALLOWED_ATTRIBUTES = {
    "div": set(_SCROLL_REGION_VALUES),
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
    "th": {"class"},
    "td": {"class"},
    "code": {"class"},
}


@dataclass(frozen=True)
class TocEntry:
    """One heading of an article, for its table of contents."""

    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Reference:
    """A link or image in an article body pointing at a file under kb/ (None: leaves kb/)."""

    kind: str  # "article", "file" or "image"
    target: str | None
    line: int  # line within the body, counted from 1
    written: str


@dataclass(frozen=True)
class RenderedArticle:
    """What a page needs from an article body, computed once at sync time."""

    html: str
    toc: tuple[TocEntry, ...]
    word_count: int
    plain_text: str
    references: tuple[Reference, ...]
    headings: tuple[str, ...] = ()  # every section title, for the search index's weights


def heading_anchor(title: str) -> str:
    """A readable fragment id; keeps Cyrillic so Russian headings get meaningful anchors."""
    slug = re.sub(r"[^\w]+", "-", title.lower()).strip("-_")
    return slug or "section"


def _has_scheme(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def _rewrite(url: str, source_path: str, kind: str, line: int, refs: list[Reference],
             site_paths: frozenset[str] = frozenset()) -> str | None:
    """The served URL for a written link, recording where it points; None drops it.

    A link to one of the portal's own pages (`/tickets`) stays only while that page exists
    (`site_paths`); until then its text reads as plain words.
    """
    if url.startswith("#"):
        return url
    if kind != "image" and url.startswith("/") and not url.startswith("//"):
        page = unquote(url.split("#", 1)[0].split("?", 1)[0])
        return url if page in site_paths else None
    if _has_scheme(url):
        if kind == "image":
            # External images break the self-only CSP and leak readers' addresses.
            refs.append(Reference("image", None, line, url))
            return None
        return url if urlsplit(url).scheme.lower() in SAFE_SCHEMES else None
    path_part, _, fragment = url.partition("#")
    # markdown-it percent-encodes links; files on disk carry the plain names.
    path_part = unquote(path_part.split("?", 1)[0])
    written = unquote(url)
    target = join_relative(source_path, path_part)
    if target is None:
        refs.append(Reference(kind if kind == "image" else "file", None, line, written))
        return None
    if kind != "image" and target.endswith(".md"):
        refs.append(Reference("article", target, line, written))
        address = ArticleAddress.from_path(target)
        served = address.url if address else None
        if served is None:
            return None
        return f"{served}#{fragment}" if fragment else served
    refs.append(Reference(kind, target, line, written))
    return media_url(target)


def _reference_rule(source_path: str, refs: list[Reference], site_paths: frozenset[str]):
    def rule(state: StateCore) -> None:
        for block in state.tokens:
            if block.type == "heading_open" and block.tag == "h1":
                # The page's own <h1> is the title; a '#' in the body becomes a section.
                block.tag = "h2"
            elif block.type == "heading_close" and block.tag == "h1":
                block.tag = "h2"
            if block.type in ("th_open", "td_open"):
                # The page's CSP refuses style attributes: column alignment becomes a class.
                align = _ALIGN_STYLE_RE.match(str(block.attrs.pop("style", "")))
                if align:
                    block.attrSet("class", f"align-{align.group(1)}")
            if block.type != "inline" or not block.children:
                continue
            line = (block.map[0] + 1) if block.map else 1
            for token in _walk(block.children):
                if token.type in ("softbreak", "hardbreak"):
                    line += 1  # so a problem points at the link's own line
                elif token.type == "link_open":
                    href = _rewrite(
                        str(token.attrGet("href") or ""), source_path, "link", line, refs,
                        site_paths,
                    )
                    _set_or_drop(token, "href", href)
                elif token.type == "image":
                    src = _rewrite(
                        str(token.attrGet("src") or ""), source_path, "image", line, refs
                    )
                    _set_or_drop(token, "src", src)

    return rule


def _walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _set_or_drop(token: Token, name: str, value: str | None) -> None:
    if value is None:
        token.attrs.pop(name, None)
    else:
        token.attrSet(name, value)


def _local_path(url: str) -> bool:
    """A path on this site: "/x", never "//host" or "/\\host" (browsers read both as a host)."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        # Only the portal's own files: a remote image (a mail's tracking pixel) would leak
        # readers' addresses, and the page's CSP refuses it anyway.
        return value if _local_path(value) else None
    if tag == "div":
        return value if value in _SCROLL_REGION_VALUES.get(attribute, ()) else None
    if tag == "code" and attribute == "class":
        return value if _LANGUAGE_CLASS_RE.match(value) else None
    if tag in ("th", "td") and attribute == "class":
        return value if value in _ALIGN_CLASSES else None
    return value


def sanitise(html: str, link_rel: str = "noopener noreferrer") -> str:
    """Allow-list the HTML Markdown may produce; everything else is dropped. Links get
    `link_rel` (community posts add "ugc", and "nofollow" for new accounts)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        # "*": none on every element (nh3 would otherwise allow `title` and `lang` everywhere).
        attributes={**ALLOWED_ATTRIBUTES, "*": set()},
        attribute_filter=_keep_attribute,
        url_schemes=SAFE_SCHEMES,
        link_rel=link_rel,
        strip_comments=True,
    )


def _scroll_region(label: str) -> str:
    return (
        f'<div class="{SCROLL_REGION_CLASS}" role="region" tabindex="0" aria-label="{label}">'
    )


def wrap_scrolling_blocks(md: MarkdownIt, language: str) -> None:
    """Each table and each code block inside a focusable, labelled scroll region."""
    labels = SCROLL_REGION_LABELS.get(language, SCROLL_REGION_LABELS[DEFAULT_LANGUAGE])
    renderer = md.renderer
    fence, code_block = renderer.rules["fence"], renderer.rules["code_block"]

    def table_open(self, tokens, idx, options, env):
        return _scroll_region(labels["table"]) + "\n" + self.renderToken(tokens, idx, options, env)

    def table_close(self, tokens, idx, options, env):
        return self.renderToken(tokens, idx, options, env) + "</div>\n"

    def wrapped(rule):
        def render(self, tokens, idx, options, env):
            return _scroll_region(labels["code"]) + rule(tokens, idx, options, env) + "</div>\n"

        return render

    md.add_render_rule("table_open", table_open)
    md.add_render_rule("table_close", table_close)
    md.add_render_rule("fence", wrapped(fence))
    md.add_render_rule("code_block", wrapped(code_block))


def _parser(source_path: str, refs: list[Reference], language: str,
            site_paths: frozenset[str] = frozenset()) -> MarkdownIt:
    # html=False: raw HTML in Markdown is shown as text, never passed through.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.core.ruler.push("kb_references", _reference_rule(source_path, refs, site_paths))
    anchors_plugin(md, min_level=2, max_level=3, slug_func=heading_anchor)
    wrap_scrolling_blocks(md, language)
    return md


def render_article(
    body: str, source_path: str, language: str = DEFAULT_LANGUAGE,
    site_paths: frozenset[str] = frozenset(),
) -> RenderedArticle:
    """Render an article body found at `source_path` (kb-relative) into what pages show;
    `language` is the article's own, for the names of its scroll regions; `site_paths` are
    the portal's pages that exist (links to others lose their address)."""
    refs: list[Reference] = []
    md = _parser(source_path, refs, language, site_paths)
    tokens = md.parse(body)
    html = sanitise(md.renderer.render(tokens, md.options, {}))
    headings: list[TocEntry] = []
    words: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "inline":
            words.append(_inline_text(token))
        elif token.type in ("fence", "code_block"):
            words.append(token.content)
        if token.type == "heading_open" and token.tag in ("h2", "h3") and token.attrGet("id"):
            headings.append(
                TocEntry(
                    int(token.tag[1]), str(token.attrGet("id")), _inline_text(tokens[index + 1])
                )
            )
    plain_text = "\n".join(part for part in words if part)
    prose = "\n".join(_inline_text(t) for t in tokens if t.type == "inline")
    return RenderedArticle(
        html=html,
        toc=tuple(headings) if len(headings) >= TOC_MIN_HEADINGS else (),
        word_count=len(_WORD_RE.findall(prose)),
        plain_text=plain_text,
        references=tuple(refs),
        headings=tuple(entry.title for entry in headings),
    )


def _inline_text(token: Token) -> str:
    if not token.children:
        return token.content
    # A line break inside a paragraph separates words: without the space, "a\nb" would
    # be indexed and counted as one word "ab".
    return "".join(
        " " if child.type in ("softbreak", "hardbreak") else child.content
        for child in _walk(token.children)
        if child.type in ("text", "code_inline", "softbreak", "hardbreak")
    )
