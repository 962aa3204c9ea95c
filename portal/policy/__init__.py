"""The active support policy: loaded and checked once at start-up from POLICY_PRESET."""

from __future__ import annotations

from flask import Flask, current_app

from portal.domain.policy import Policy, load_policy_file, load_preset


def init_app(app: Flask) -> None:
    """Load the configured preset (a code or a .toml path); a broken one stops the app here."""
    preset = str(app.config.get("POLICY_PRESET") or "demo")
    policy = load_policy_file(preset) if preset.endswith(".toml") else load_preset(preset)
    app.extensions["policy"] = policy

    @app.context_processor
    def _vendor_name() -> dict[str, str]:
        """The vendor whose support this is, for the header (the demo switcher's choice too)."""
        from flask_babel import get_locale

        from portal.policy.services import current_policy as chosen_policy

        locale = get_locale()
        return {"vendor_name": chosen_policy().vendor.get(locale.language if locale else "ru")}


def current_policy() -> Policy:
    """The policy of the running app."""
    policy: Policy = current_app.extensions["policy"]
    return policy
