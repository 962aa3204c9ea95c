"""A support policy loaded from a preset file: the loaders, the checker, and the policy types.

Presets live in `portal/presets/<code>.toml`; the file format is documented at the top of
`portal/presets/demo.toml`. Loading validates everything and raises `PolicyError` listing each
problem with its place, so a broken preset never starts the app.
"""

from __future__ import annotations

from pathlib import Path

from portal.domain.policy.model import (
    SELECTORS,
    TARGET_KINDS,
    ComparisonRow,
    Edition,
    Level,
    Line,
    Policy,
    PolicyError,
    Priority,
    Problem,
    Product,
    Target,
    Text,
    Tier,
    WarrantyRule,
)
from portal.domain.policy.parse import parse_policy_file
from portal.domain.policy.zoned import CustomerZoned

__all__ = [
    "PRESET_CODES", "PRESET_DIR", "SELECTORS", "TARGET_KINDS", "ComparisonRow", "CustomerZoned",
    "Edition",
    "Level", "Line", "Policy", "PolicyError", "Priority", "Problem", "Product", "Target", "Text",
    "Tier", "WarrantyRule", "check_policy_file", "is_preset_path", "load_policy", "load_policy_file",
    "load_preset",
]

PRESET_DIR = Path(__file__).resolve().parents[2] / "presets"
PRESET_CODES: tuple[str, ...] = ("demo", "axistem", "terrasoft", "istom", "procrm", "ascon")


def load_policy_file(path: str | Path) -> Policy:
    """Read and validate a preset file; raises PolicyError naming every problem."""
    policy, problems = parse_policy_file(Path(path))
    if problems or policy is None:
        raise PolicyError(problems or [Problem("file", "could not be read")])
    return policy


def load_preset(code: str) -> Policy:
    """The bundled preset `code` (one of PRESET_CODES, or another file in presets/)."""
    path = PRESET_DIR / f"{code}.toml"
    if not code.replace("-", "").replace("_", "").isalnum() or not path.is_file():
        valid = ", ".join(PRESET_CODES)
        raise PolicyError([Problem("preset", f"unknown preset {code!r}; valid: {valid}")])
    return load_policy_file(path)


def is_preset_path(spec: str) -> bool:
    """Whether `spec` names a preset file rather than a bundled preset's code."""
    return spec.endswith(".toml") or "/" in spec or "\\" in spec


def load_policy(spec: str) -> Policy:
    """The policy `spec` names: a bundled preset's code (`istom`) or a preset file's path."""
    return load_policy_file(spec) if is_preset_path(spec) else load_preset(spec)


def check_policy_file(path: str | Path) -> list[Problem]:
    """Every problem of a preset file, each with its place; empty when the file is usable."""
    return parse_policy_file(Path(path))[1]
