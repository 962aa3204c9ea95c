"""The HTML sanitiser on its own, fed raw hostile HTML (mail in hands it HTML bodies).

The Markdown tests escape raw HTML before the sanitiser sees it, so they cannot tell a
sanitiser that lets `javascript:` or `on*` through. Here every case names the exact output,
and the allow-list the checks use is written out below, not imported from the code.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.kb.markdown import sanitise

REL = ' rel="noopener noreferrer"'

# What the knowledge base's pages may contain, written out independently of the module.
TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre", "blockquote", "hr",
        "table", "thead", "tbody", "tr", "th", "td", "a", "img", "strong", "em", "code", "br",
        "s", "del", "div"}
ATTRIBUTES = {"a": {"href", "title", "rel"}, "img": {"src", "alt", "title"}, "h2": {"id"},
              "h3": {"id"}, "h4": {"id"}, "ol": {"start"}, "th": {"class"}, "td": {"class"},
              "code": {"class"}, "div": {"class", "role", "tabindex", "aria-label"}}
LINK_STARTS = ("https://", "http://", "mailto:", "/", "#")

# (raw HTML, exactly what is left of it)
EXACT = [
    # Script and style: element and content gone, in any case and with any attribute.
    ("<script>alert(1)</script>x", "x"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>x", "x"),
    ("<script>alert(1)", ""),
    ("<style>@import 'https://evil.example/x.css';</style><p>x</p>", "<p>x</p>"),
    ("<p>a<!-- <script>alert(1)</script> -->b</p>", "<p>ab</p>"),
    ("<!--[if mso]><script>alert(1)</script><![endif]-->x", "x"),
    # Event handlers on allowed and on unknown elements.
    ('<img src="/kb/media/a.png" onerror="alert(1)">', '<img src="/kb/media/a.png">'),
    ("<img src=x onerror=alert(1)>", "<img>"),
    ('<p onclick="alert(1)" onmouseover=alert(1)>x</p>', "<p>x</p>"),
    ('<a href="https://ok.example" onclick="steal()">ok</a>',
     f'<a href="https://ok.example"{REL}>ok</a>'),
    ('<h2 id="x" onfocus=alert(1) autofocus>t</h2>', '<h2 id="x">t</h2>'),
    ('<ol start="2" onmouseover=x><li>a</li></ol>', '<ol start="2"><li>a</li></ol>'),
    ("<details open ontoggle=alert(1)>x</details>", "x"),
    # No attribute on every element (nh3 allows title and lang everywhere unless told).
    ('<p title="x" lang="en">y</p><h3 lang="de" title="t">z</h3>', "<p>y</p><h3>z</h3>"),
    # A breakout of SVG turns the noscript trick into a real <p>: still without attributes.
    ('<svg><noscript><p title="</noscript><img src=x onerror=alert(1)>">', "<p></p>"),
    ('<math><p title="</math><img src=x onerror=alert(1)>">', "<p></p>"),
    ("<body onload=alert(1)>x</body>", "x"),
    # javascript:, vbscript:, data: in links, plain, mixed case, encoded, split by whitespace.
    ('<a href="javascript:alert(1)">x</a>', f"<a{REL}>x</a>"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', f"<a{REL}>x</a>"),
    ('<a href=" javascript:alert(1)">x</a>', f"<a{REL}>x</a>"),
    ('<a href="\x01javascript:alert(1)">x</a>', f"<a{REL}>x</a>"),
    ('<a href="java&#x09;script:alert(1)">x</a>', f"<a{REL}>x</a>"),
    ('<a href="jav&#x0A;ascript:alert(1)">x</a>', f"<a{REL}>x</a>"),
    ('<a href="&#x6A;avascript:alert(1)">x</a>', f"<a{REL}>x</a>"),
    ('<a href="&#0000106avascript:alert(1)">x</a>', f"<a{REL}>x</a>"),
    ('<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
     f"<a{REL}>x</a>"),
    ('<a href="javascript&colon;alert(1)">x</a>', f"<a{REL}>x</a>"),
    ('<a href="vbscript:msgbox(1)">x</a>', f"<a{REL}>x</a>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
     f"<a{REL}>x</a>"),
    ('<a href="cid:part1">x</a>', f"<a{REL}>x</a>"),
    # Only http, https and mailto: not every scheme nh3 would allow by default.
    ('<a href="ftp://files.example/f">f</a><a href="tel:+74950000000">t</a>',
     f"<a{REL}>f</a><a{REL}>t</a>"),
    ('<a href="irc://chat.example/x">i</a><a href="sms:+7">s</a>', f"<a{REL}>i</a><a{REL}>s</a>"),
    # Images: the portal's own files only (no scripts, no data:, no remote tracking pixels).
    ('<img src="javascript:alert(1)">', "<img>"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">', "<img>"),
    ('<img src="data:image/png;base64,iVBORw0KGgo=">', "<img>"),
    ('<img src="https://tracker.example/pixel.gif" alt="a">', '<img alt="a">'),
    ('<img src="//tracker.example/pixel.gif">', "<img>"),
    ('<img src="&#47;&#47;tracker.example/pixel.gif">', "<img>"),
    ('<img src="/\\tracker.example/pixel.gif">', "<img>"),
    ('<img src="cid:image001.png@01DA1234">', "<img>"),
    ('<img src="/kb/media/a.png" srcset="javascript:alert(1) 1x" width="1" loading="lazy">',
     '<img src="/kb/media/a.png">'),
    # SVG and MathML, with or without scripts inside: gone whole.
    ("<svg onload=alert(1)><circle r=1 /></svg>", ""),
    ("<svg><script>alert(1)</script></svg>", ""),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', ""),
    ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', ""),
    # style attributes, srcdoc, frames and plugins.
    ('<p style="background:url(javascript:alert(1))">x</p>', "<p>x</p>"),
    ('<div style="position:fixed;inset:0">x</div>', "<div>x</div>"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', ""),
    ('<iframe src="https://evil.example"></iframe>x', "x"),
    ('<frameset><frame src="https://evil.example"></frameset>', ""),
    ('<object data="x.swf"></object><embed src="x.swf">', ""),
    ('<form action="https://evil.example"><input name=a><button>go</button></form>', "go"),
    ('<base href="https://evil.example/">', ""),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', ""),
    ('<link rel=stylesheet href="https://evil.example/x.css">', ""),
    # Nested and malformed tags: never a live element out of the pieces.
    ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
    ("<<script>alert(1)//<</script>", "&lt;"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '&lt;p title="<img>"&gt;'),
    ("<textarea><script>alert(1)</script></textarea>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<title><script>alert(1)</script></title>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<b><i>x</b></i>", "x"),
    ("<div><p>unclosed", "<div><p>unclosed</p></div>"),
    ("</p>stray<p>", "<p></p>stray<p></p>"),
    ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
    ('<a href="https://ok.example" target="_blank" rel="opener">x</a>',
     f'<a href="https://ok.example"{REL}>x</a>'),
    ('<a title="t" href="https://ok.example" name="n" id="i">t</a>',
     f'<a title="t" href="https://ok.example"{REL}>t</a>'),
    # Attribute values each element may carry, and no other.
    ('<code class="language-python">x</code>', '<code class="language-python">x</code>'),
    ('<code class="language-js onload">x</code>', "<code>x</code>"),
    ('<code class="evil">x</code>', "<code>x</code>"),
    ('<table><tr><td class="align-right">1</td><td class="evil">2</td></tr></table>',
     '<table><tbody><tr><td class="align-right">1</td><td>2</td></tr></tbody></table>'),
    ('<table><tr><th class="evil">h</th></tr></table>',
     "<table><tbody><tr><th>h</th></tr></tbody></table>"),
    ('<table><tr><th class="align-center" style="x">h</th></tr></table>',
     '<table><tbody><tr><th class="align-center">h</th></tr></tbody></table>'),
    ('<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
     "<table><tbody><tr><td>x</td></tr></tbody></table>"),
    ('<h3 id="a">t</h3><h5 id="b">t</h5><h1>top</h1>', '<h3 id="a">t</h3><h5>t</h5>top'),
    ('<div class="scroll-region" role="region" tabindex="0" aria-label="Код">x</div>',
     '<div class="scroll-region" role="region" tabindex="0" aria-label="Код">x</div>'),
    ('<div class="scroll-region x" role="button" tabindex="-1" aria-label="Нажми">x</div>',
     "<div>x</div>"),
]

# What must be kept as it is.
KEPT = [
    '<p>1 &lt; 2 &amp; 3 &gt; 2 "quoted" \'single\'</p>',
    f'<a href="mailto:help@portal.example"{REL}>m</a>',
    f'<a href="https://ok.example/?a=1&amp;b=2#part"{REL}>q</a>',
    f'<a href="http://ok.example"{REL}>q</a>',
    f'<a href="/kb/licensing/renewal#p1"{REL}>kb</a>',
    f'<a href="#section"{REL}>here</a>',
    '<img src="/kb/media/a.png" alt="схема" title="t">',
    "<pre><code>&lt;b&gt;</code></pre>",
    "<strong>s</strong><em>e</em><s>x</s><del>d</del><br><hr>",
    "<blockquote><p>q</p></blockquote>",
    '<ol start="3"><li>c</li></ol>',
]


@pytest.mark.parametrize(("hostile", "expected"), EXACT)
def test_hostile_html_leaves_exactly_this(hostile, expected):
    assert sanitise(hostile) == expected
    assert_inert(sanitise(hostile))


@pytest.mark.parametrize("safe", KEPT)
def test_what_articles_need_is_kept_as_written(safe):
    assert sanitise(safe) == safe


def test_links_get_the_callers_rel_and_no_other():
    html = '<a href="https://ok.example" rel="opener">x</a>'
    assert sanitise(html, link_rel="ugc noopener noreferrer") == (
        '<a href="https://ok.example" rel="ugc noopener noreferrer">x</a>')


MAIL_BODY = (
    '<html><head><meta charset="utf-8"><style>.x{color:red}</style>'
    '<script src="https://evil.example/x.js"></script></head>'
    '<body bgcolor="#fff" onload="x()"><div class="WordSection1">'
    '<p class="MsoNormal"><span style="font-size:11pt">Здравствуйте!<o:p></o:p></span></p>'
    '<p><font face="Arial" color="red">Ошибка</font> при <b>входе</b>, см. '
    '<a href="https://crm.example/login" onclick="t()">страницу</a>.</p>'
    '<img src="cid:image001.png@01DA" width="100">'
    '<img src="https://mailer.example/open.gif?u=42" width="1" height="1">'
    '<table border="1" cellpadding="0" style="x"><tr><td width="50" valign="top">'
    "<p>1</p></td></tr></table>"
    '<blockquote type="cite">старое письмо<br>'
    '<a href="javascript:void(0)">отписаться</a></blockquote>'
    "</div></body></html>"
)


def test_a_mail_style_html_body_keeps_its_words_and_loses_everything_active():
    assert sanitise(MAIL_BODY) == (
        "<div><p>Здравствуйте!</p><p>Ошибка при входе, см. "
        f'<a href="https://crm.example/login"{REL}>страницу</a>.</p>'
        "<img><img><table><tbody><tr><td><p>1</p></td></tr></tbody></table>"
        f"<blockquote>старое письмо<br><a{REL}>отписаться</a></blockquote></div>"
    )


class Collector(HTMLParser):
    """Start tags with their attributes and any comment, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data):
        self.comments.append(data)


def assert_inert(html: str) -> None:
    """No element, attribute or address outside the hand-written allow-list."""
    parser = Collector()
    parser.feed(html)
    parser.close()
    assert parser.comments == [], html
    for tag, attrs in parser.tags:
        assert tag in TAGS, (tag, html)
        assert set(attrs) <= ATTRIBUTES.get(tag, set()), (tag, attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.lower().startswith(LINK_STARTS) and not href.startswith("//"), href
        src = attrs.get("src")
        if src is not None:
            assert src.startswith("/") and not src.startswith("//") and "\\" not in src, src
    lowered = html.lower()
    for active in ("<script", "<style", "<svg", "<iframe", "<object", "<embed"):
        # Escaped text (&lt;script, or the words "javascript:") may stay; live markup not.
        assert active not in lowered.replace("&lt;", "\x00"), (active, html)


FRAGMENTS = [hostile for hostile, _ in EXACT] + KEPT + [
    "<", ">", '"', "'", "=", "/", "&", "&#", "javascript:", "on", "src=", "href=", " ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=10))
def test_any_mix_of_hostile_pieces_stays_inert(pieces):
    html = sanitise("".join(pieces))
    assert_inert(html)
    # Cleaning what was cleaned changes nothing: no second pass would find more.
    assert sanitise(html) == html
