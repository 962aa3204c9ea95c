"""The next= rule as a property: whatever is asked for, a redirect never leaves the site."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.security import safe_next

# Characters that URL parsers treat specially, so that odd mixtures come up often.
_PIECES = list("/\\:@.?#%\t\n\r \x00\x7f\u3002") + ["evil", "example", "http", "javascript"]
# Most interesting targets start like a path, so the start is drawn apart from the rest.
_TRICKY = st.tuples(st.sampled_from(["", "/", "//", "/\\", "\\", "/\t/", " /"]),
                    st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)).map("".join)


def _as_a_browser_reads(location: str) -> str:
    """Browsers drop tabs and newlines and read a backslash as a slash in http(s) URLs."""
    return location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.one_of(_TRICKY, st.text(max_size=40)))
def test_a_redirect_target_stays_on_this_site(app, target):
    with app.test_request_context("/", base_url="http://portal.test/"):
        result = safe_next(target, fallback="/")
    if result == "/":
        return
    assert result == target  # a target is kept as it is or replaced, never rewritten
    read = _as_a_browser_reads(result)
    assert read.startswith("/") and not read.startswith("//")
    assert urlsplit(urljoin("http://portal.test/", read)).netloc == "portal.test"


def test_ordinary_paths_are_kept(app):
    with app.test_request_context("/", base_url="http://portal.test/"):
        for path in ("/kb/install?x=1#top", "/search?q=%D0%BA%D0%BB%D1%8E%D1%87", "/tickets/42"):
            assert safe_next(path, fallback="/") == path


def test_every_post_route_refuses_a_request_without_the_csrf_token(csrf_app):
    """Today's and every later feature's POST routes: none may skip CSRF."""
    from flask import url_for

    dummy = {"IntegerConverter": 1, "FloatConverter": 1.0,
             "UUIDConverter": "00000000-0000-0000-0000-000000000000"}

    def value_for(converter) -> object:
        choices = sorted(getattr(converter, "items", ()))  # any(a, b): one of its words
        kinds = [kind.__name__ for kind in type(converter).__mro__]  # IdConverter is an int
        return choices[0] if choices else next(
            (dummy[kind] for kind in kinds if kind in dummy), "x")

    with csrf_app.test_request_context():
        targets = sorted(
            url_for(rule.endpoint, **{name: value_for(converter)
                                      for name, converter in rule._converters.items()})
            for rule in csrf_app.url_map.iter_rules() if "POST" in (rule.methods or ()))
    # The API takes no cookie as authority, only its bearer token, so it needs no CSRF token
    # (tests/web/test_api_tokens.py: a logged-in browser's cookies get 401 there).
    targets = [target for target in targets if not target.startswith("/api/v1/")]
    # A mail program's one-click unsubscribe (RFC 8058) posts without a session: the signed
    # token in the address is its proof (tests/web/test_community_moderation.py).
    targets = [target for target in targets if not target.startswith("/community/unsubscribe/")]
    assert len(targets) >= 10, targets  # the features' forms are found
    client = csrf_app.test_client()
    refused = {}
    for target in targets:
        response = client.post(target, data={}, headers={"Accept-Language": "en"})
        # The CSRF refusal itself, not a 400 the view gives for the missing fields.
        refused[target] = (response.status_code,
                           "did not come from this site" in response.get_data(as_text=True))
    assert refused == dict.fromkeys(targets, (400, True))


def test_templates_have_no_inline_script_or_style_the_csp_would_refuse():
    import re

    from portal.config import PROJECT_ROOT

    inline = re.compile(r'<script(?![^>]*\bsrc=)[^>]*>|\sstyle="|\son[a-z]+="', re.IGNORECASE)
    assert inline.search('<p style="color: red">') and inline.search("<script>x()</script>")
    assert inline.search('<a onclick="x()">') and not inline.search('<script src="/a.js">')
    found = {str(path.relative_to(PROJECT_ROOT)): inline.findall(path.read_text("utf-8"))
             for path in sorted((PROJECT_ROOT / "templates").rglob("*.html"))}
    assert {name: hits for name, hits in found.items() if hits} == {}
