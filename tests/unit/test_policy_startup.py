"""The active preset is loaded at start-up; a broken one stops the app from starting."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from portal.domain.policy import PRESET_DIR, PolicyError
from portal.policy import active_policy, init_app


def bare_app(preset: str) -> Flask:
    app = Flask(__name__)
    app.config["POLICY_PRESET"] = preset
    return app


def test_configured_preset_becomes_the_active_policy() -> None:
    app = bare_app("terrasoft")
    init_app(app)
    with app.app_context():
        assert active_policy().code == "terrasoft"


def test_a_preset_file_path_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "custom.toml"
    path.write_text((PRESET_DIR / "demo.toml").read_text(encoding="utf-8"), encoding="utf-8")
    app = bare_app(str(path))
    init_app(app)
    with app.app_context():
        assert active_policy().vendor.en == "Lotsman Soft"


def test_a_broken_preset_never_starts(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text((PRESET_DIR / "demo.toml").read_text(encoding="utf-8").replace(
        'hours = 2\n', 'hours = -2\n'), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"targets\[0\]\.hours") as raised:
        init_app(bare_app(str(path)))
    assert "targets[0].hours" in str(raised.value)
    with pytest.raises(PolicyError, match="unknown preset 'no-such-vendor'"):
        init_app(bare_app("no-such-vendor"))
