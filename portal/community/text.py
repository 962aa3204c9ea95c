"""Community posts' Markdown: the knowledge base's sanitiser, links marked as user content.

Raw HTML is shown as text, images are not embedded (the page's CSP serves only the portal's
own files), headings start at level 3 so a post never outranks the page's own title.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from portal.kb.markdown import sanitise, wrap_scrolling_blocks

# Refused in any text a person writes: NUL and terminal control characters (tab, newline and
# carriage return are text).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def _image_as_link(image: Token) -> list[Token]:
    link = Token("link_open", "a", 1, attrs={"href": str(image.attrGet("src") or "")})
    text = Token("text", "", 0, content=image.content or str(image.attrGet("src") or ""))
    return [link, text, Token("link_close", "a", -1)]


def _adjust(state: StateCore) -> None:
    """Headings from level 3; an image becomes a link to it."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag in ("h1", "h2"):
            token.tag = "h3"
        if token.type == "inline" and token.children:
            token.children = [part for child in token.children for part in (
                _image_as_link(child) if child.type == "image" else [child])]


def _parser(language: str) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    md.core.ruler.push("community_adjust", _adjust)
    # Code and tables scroll sideways inside a focusable region named in the post's language.
    wrap_scrolling_blocks(md, language)
    return md


_parsers = {language: _parser(language) for language in ("ru", "en")}
_md = _parsers["ru"]


def language_of(text: str) -> str:
    """Russian when the text has Cyrillic letters, else English."""
    return "ru" if _CYRILLIC.search(text) else "en"


def render_post(body: str, new_account: bool) -> str:
    """Sanitised HTML of a post; links from new accounts also carry nofollow."""
    rel = "nofollow ugc noopener noreferrer" if new_account else "ugc noopener noreferrer"
    return sanitise(_parsers[language_of(body)].render(body), link_rel=rel)


def plain_text(body: str) -> str:
    """The words of a post for the search index and mail (Markdown marks dropped)."""
    tokens = _md.parse(body)
    parts = []
    for token in tokens:
        if token.type == "inline" and token.children:
            parts.append("".join(child.content for child in token.children
                                 if child.type in ("text", "code_inline")))
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
    return "\n".join(part for part in parts if part)
