"""Every string the code or templates mark for translation has a Russian translation."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from portal.config import PROJECT_ROOT
from portal.i18n import translation_directories

KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "N_": None,
            "ngettext": (1, 2), "lazy_ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def _used_messages() -> dict[str, str]:
    """msgid -> first place it is used, from portal/**.py and templates/**.html|txt."""
    used: dict[str, str] = {}
    methods = [("**.py", "python")]
    for root, method_map in ((PROJECT_ROOT / "portal", methods),
                             (PROJECT_ROOT / "templates",
                              [("**.html", "jinja2"), ("**.txt", "jinja2")])):
        options = {"**.html": {"extensions": "jinja2.ext.do"}, "**.txt": {"extensions": "jinja2.ext.do"}}
        for filename, lineno, message, _comments, _context in extract_from_dir(
                str(root), method_map, options_map=options, keywords=KEYWORDS):
            ids = message if isinstance(message, tuple) else (message,)
            for msgid in ids:
                if msgid:
                    used.setdefault(msgid, f"{root.name}/{filename}:{lineno}")
    return used


def _russian_messages() -> dict[str, object]:
    translated: dict[str, object] = {}
    for directory in translation_directories():
        po_path = Path(directory) / "ru" / "LC_MESSAGES" / "messages.po"
        if po_path.exists():
            with po_path.open("rb") as handle:
                for message in read_po(handle):
                    strings = message.string if isinstance(message.string, tuple) else (message.string,)
                    if message.id and all(strings) and not message.fuzzy:
                        # A plural entry translates both its singular and its plural msgid.
                        keys = message.id if isinstance(message.id, tuple) else (message.id,)
                        for key in keys:
                            translated[key] = message.string
    return translated


def test_every_used_string_has_a_russian_translation():
    used = _used_messages()
    translated = _russian_messages()
    missing = sorted(f"{place}: {msgid!r}" for msgid, place in used.items()
                     if msgid not in translated)
    assert used, "the extractor found no strings at all"
    assert not missing, "strings without a Russian translation:\n" + "\n".join(missing)


_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_VISIBLE_ATTRIBUTE = re.compile(r'\b(placeholder|aria-label|title|alt|label)\s*=\s*"([^"]*)"')
_WORD = re.compile(r"[A-Za-z]{2,}")


def _untranslated_text(source: str) -> list[str]:
    """English words a template shows outside {{ _() }}: text nodes and visible attributes."""
    found = [m.group(0) for m in _VISIBLE_ATTRIBUTE.finditer(_JINJA.sub("", source))
             if _WORD.search(m.group(2))]
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", _JINJA.sub(" ", source), flags=re.DOTALL)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.DOTALL)
    found += [line.strip() for line in text.splitlines() if _WORD.search(line)]
    return found


def test_the_scan_notices_english_outside_gettext():
    assert _untranslated_text('<p>{{ _("Saved") }}</p><input placeholder="Your name">')
    assert _untranslated_text("<h1>Tickets</h1>") == ["Tickets"]
    assert not _untranslated_text('<p title="{{ _(\'Hi\') }}">{{ _("Saved") }} 42</p>')


def test_templates_show_no_english_outside_gettext():
    shown = {str(path.relative_to(PROJECT_ROOT)): _untranslated_text(path.read_text("utf-8"))
             for path in sorted((PROJECT_ROOT / "templates").rglob("*.*"))}
    assert {name: text for name, text in shown.items() if text} == {}
