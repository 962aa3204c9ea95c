"""Which support policy rules the portal: the active one, and the one a page shows.

- `active_policy()` rules everything stored: tickets, contracts, contact limits, prices. It is
  the preset PORTAL_POLICY_PRESET names, a bundled code or a TOML file path.
- `shown_policy()` is what the policy pages show: in demo mode a visitor may pick another
  bundled preset with the switcher; nothing stored ever follows that choice.

Each preset is parsed once per process (`policy_for`); services receive the policy as a
parameter.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from portal.domain.policy import PRESET_CODES, Policy, PolicyError, Text, load_policy

if TYPE_CHECKING:
    from flask import Flask

SESSION_KEY = "policy_preset"


@functools.cache
def policy_for(spec: str) -> Policy:
    """The policy of a preset code or file path, parsed once per process."""
    return load_policy(spec)


def init_app(app: Flask) -> None:
    """Load the configured preset; a broken one stops the app here, naming its problems."""
    policy_for(str(app.config.get("POLICY_PRESET") or "demo"))

    @app.context_processor
    def _vendor_name() -> dict[str, str]:
        """The vendor whose support this is, for the header (the demo switcher's choice too)."""
        from portal.web import current_language

        return {"vendor_name": shown_policy().vendor.get(current_language())}


def active_policy() -> Policy:
    """The policy that rules what is stored."""
    from flask import current_app

    return policy_for(str(current_app.config.get("POLICY_PRESET") or "demo"))


def demo_mode() -> bool:
    """Whether visitors may switch between the bundled presets."""
    from flask import current_app

    return bool(current_app.config.get("DEMO_MODE"))


def shown_policy() -> Policy:
    """The preset the demo switcher chose (demo mode only), else the active one."""
    from flask import session

    active = active_policy()
    chosen = session.get(SESSION_KEY)
    if demo_mode() and chosen in PRESET_CODES and chosen != active.code:
        try:
            return policy_for(chosen)
        except PolicyError:
            session.pop(SESSION_KEY, None)
    return active


def choose_preset(code: str) -> None:
    """Remember the demo switcher's choice for this visitor."""
    from flask import session

    if not demo_mode() or code not in PRESET_CODES:
        raise ValueError(f"preset {code!r} cannot be chosen here")
    session[SESSION_KEY] = code


def preset_choices() -> list[tuple[str, Text]]:
    """(code, vendor name) of every bundled preset that loads."""
    found = []
    for code in PRESET_CODES:
        try:
            found.append((code, policy_for(code).vendor))
        except PolicyError:
            continue
    return found

