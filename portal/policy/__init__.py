"""The active support policy: loaded and checked once at start-up from POLICY_PRESET."""

from __future__ import annotations

from flask import Flask, current_app

from portal.domain.policy import Policy, load_policy_file, load_preset


def init_app(app: Flask) -> None:
    """Load the configured preset (a code or a .toml path); a broken one stops the app here."""
    preset = str(app.config.get("POLICY_PRESET") or "demo")
    policy = load_policy_file(preset) if preset.endswith(".toml") else load_preset(preset)
    app.extensions["policy"] = policy


def current_policy() -> Policy:
    """The policy of the running app."""
    policy: Policy = current_app.extensions["policy"]
    return policy
