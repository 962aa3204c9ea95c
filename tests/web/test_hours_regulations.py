"""/hours and /tiers for a calendar as a regulation writes it: a short Friday, a pre-holiday day
an hour shorter (Labour Code art. 95), a date with hours of its own."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from portal.domain.policy import PRESET_DIR

OFFICE = '''windows = ["09:00-13:00", "14:00-18:00"]
holidays = "RU"'''


def text(response) -> str:
    words = unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
    return re.sub(r"\s+", " ", words.replace("\u00a0", " "))


@pytest.fixture
def app_config(app_config, tmp_path: Path):
    preset = (PRESET_DIR / "demo.toml").read_text(encoding="utf-8")
    assert OFFICE in preset
    preset = preset.replace(OFFICE, OFFICE + '''
windows_by_weekday = { fri = ["09:00-13:00", "14:00-16:45"] }
date_windows = { 2026-05-16 = ["10:00-14:00"] }
short_before_holidays = true''', 1)
    path = tmp_path / "short-days.toml"
    path.write_text(preset, encoding="utf-8")
    return {**app_config, "POLICY_PRESET": str(path)}


def test_hours_list_the_short_day_and_the_dates_own_hours(client, freeze_clock):
    """ТК РФ, ст. 95: накануне нерабочего праздничного дня — на час короче. 30.04.2026 (чт)
    перед 1 Мая: 09:00–13:00, 14:00–17:00; 08.05.2026 — пятница, её часы 09:00–13:00,
    14:00–16:45, на час короче: 14:00–15:45; суббота 16.05 работает 10:00–14:00."""
    freeze_clock(datetime(2026, 4, 27, 10, 0, tzinfo=ZoneInfo("Europe/Moscow")))
    page = text(client.get("/hours", headers={"Accept-Language": "ru"}))
    assert ("Пн–Пт 09:00–13:00, 14:00–18:00; Пт 09:00–13:00, 14:00–16:45, кроме праздников; "
            "накануне праздников на час короче (Москва)") in page
    assert "четверг, 30 апреля 2026 г.: рабочий день, на час короче: 09:00–13:00, 14:00–17:00" in page
    assert "пятница, 8 мая 2026 г.: рабочий день, на час короче: 09:00–13:00, 14:00–15:45" in page
    assert "суббота, 16 мая 2026 г.: перенесённый рабочий день, 10:00–14:00" in page
    assert "вторник, 28 апреля" not in page  # an ordinary day is not listed
    tiers = text(client.get("/tiers", headers={"Accept-Language": "en"}))
    assert ("Mon–Fri 09:00–13:00, 14:00–18:00; Fri 09:00–13:00, 14:00–16:45, except public "
            "holidays; an hour shorter before public holidays") in tiers
