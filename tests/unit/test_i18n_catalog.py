"""Every string the code or templates mark for translation has a Russian translation."""
from __future__ import annotations

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
