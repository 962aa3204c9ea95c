"""The active preset is checked at start-up; the demo switcher only works in demo mode."""

from __future__ import annotations

import pytest
from flask import session

from portal import create_app, policy
from portal.domain.policy import PRESET_DIR, PolicyError


def test_a_broken_preset_never_starts_the_app(app_config, tmp_path):
    broken = tmp_path / "broken.toml"
    demo = (PRESET_DIR / "demo.toml").read_text(encoding="utf-8")
    broken.write_text(demo.replace('calendar = "moscow-office"', 'calendar = "moscow-ofice"', 1)
                      .replace('currency = "RUB"', 'currency = "rubles"', 1), encoding="utf-8")
    with pytest.raises(PolicyError, match="currency") as raised:
        create_app(dict(app_config, POLICY_PRESET=str(broken)))
    places = {problem.place for problem in raised.value.problems}
    assert "currency" in places
    assert any(place.startswith("targets[") for place in places)
    assert "unknown calendar 'moscow-ofice'" in str(raised.value)


def test_an_unknown_preset_code_never_starts_the_app(app_config):
    with pytest.raises(PolicyError, match="unknown preset 'nosuch'"):
        create_app(dict(app_config, POLICY_PRESET="nosuch"))


def test_the_active_preset_is_loaded_once_at_start_up(app_config):
    app = create_app(dict(app_config, POLICY_PRESET="istom"))
    with app.test_request_context():
        assert policy.active_policy().code == "istom"
        assert policy.shown_policy().code == "istom"


def test_a_preset_in_the_session_counts_only_in_demo_mode(app):
    with app.test_request_context():
        session[policy.SESSION_KEY] = "ascon"
        assert policy.shown_policy().code == "demo"
        app.config["DEMO_MODE"] = True
        assert policy.shown_policy().code == "ascon"
        # Nothing stored follows the switcher.
        assert policy.active_policy().code == "demo"
        with pytest.raises(ValueError, match="cannot be chosen here"):
            policy.choose_preset("../../etc/passwd")
