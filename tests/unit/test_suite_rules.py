"""Rules the test suite keeps about itself (tests that cannot fail are defects)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _raises_without_match(root: Path = TESTS) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "raises" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "pytest"
                    and not any(keyword.arg == "match" for keyword in node.keywords)):
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    return found


def test_every_pytest_raises_names_the_message():
    """An exception of the right type for the wrong reason must not pass."""
    assert _raises_without_match() == []


def test_the_check_finds_a_bare_raises(tmp_path):
    sample = tmp_path / "tests" / "test_sample.py"
    sample.parent.mkdir()
    sample.write_text("import pytest\n\n\ndef test_x():\n    with pytest.raises(ValueError):\n"
                      "        int('x')\n    with pytest.raises(ValueError, match='x'):\n"
                      "        int('x')\n", encoding="utf-8")
    assert _raises_without_match(sample.parent) == ["tests/test_sample.py:5"]
