"""Each preset's targets against a table written by hand from the seeds (DOMAIN.md).

Both the golden reference's reader and the portal's own parsing must give these, so neither a
preset edit nor a parsing bug can move a golden file without a test naming the target.
Minutes are the seed's figure in minutes of the calendar that counts it; None: no guarantee.
"""

from __future__ import annotations

import pytest

from portal.domain.policy import load_preset
from tests.golden.preset_reader import read_preset

H = 60
OFFICE_8H = 8 * H  # a working day of 9-13 and 14-18
ISTOM_DAY = 9 * H  # 10-19

# (preset, tier, kind, priority, level, line) -> (minutes, counting)
TABLE = {
    # Axistem: 48 h / 24 h reaction that skips weekend and holiday hours; Free: none.
    ("axistem", "basic", "first_response", None, None, None): (48 * H, "working-days"),
    ("axistem", "extended", "first_response", None, None, None): (24 * H, "working-days"),
    ("axistem", "free", "first_response", None, None, None): (None, "working-days"),
    # Terrasoft: reaction P1 4 h / 1 h / 30 min, P2-4 8 h / 4 h / 2 h (Basic 9-18 Mon-Fri,
    # Business 9-18 Mon-Sun, Premium 24x7); Premium resolution P1 2 h, P2 2 working days,
    # P3 10, P4 20 (whole Mon-Fri working days with Russian holidays).
    ("terrasoft", "basic", "first_response", 1, None, None): (4 * H, "window"),
    ("terrasoft", "basic", "first_response", 3, None, None): (8 * H, "window"),
    ("terrasoft", "business", "first_response", 1, None, None): (1 * H, "window"),
    ("terrasoft", "business", "first_response", 4, None, None): (4 * H, "window"),
    ("terrasoft", "premium", "first_response", 1, None, None): (30, "always"),
    ("terrasoft", "premium", "first_response", 2, None, None): (2 * H, "always"),
    ("terrasoft", "premium", "resolution", 1, None, None): (2 * H, "always"),
    ("terrasoft", "premium", "resolution", 2, None, None): (2 * 24 * H, "working-days"),
    ("terrasoft", "premium", "resolution", 3, None, None): (10 * 24 * H, "working-days"),
    ("terrasoft", "premium", "resolution", 4, None, None): (20 * 24 * H, "working-days"),
    # iStom (10-19; VIP 10-20): free urgent 4 working hours, standard 2 working days;
    # commercial urgent 1 h, standard 3 h; VIP 1 h; non-commercial 24 working hours;
    # consulting 40 working hours; development 24 working days; every follow-up the same.
    ("istom", "free", "first_response", None, "urgent", None): (4 * H, "window"),
    ("istom", "free", "first_response", None, "standard", None): (2 * ISTOM_DAY, "window"),
    ("istom", "commercial", "first_response", None, "urgent", None): (1 * H, "window"),
    ("istom", "commercial", "next_response", None, "standard", None): (3 * H, "window"),
    ("istom", "vip", "first_response", None, None, None): (1 * H, "window"),
    ("istom", "noncommercial", "first_response", None, None, None): (24 * H, "window"),
    ("istom", "commercial", "first_response", None, "consulting", None): (40 * H, "window"),
    ("istom", "free", "first_response", None, "development", None): (24 * ISTOM_DAY, "window"),
    # The integrator: SLA1 2 h, SLA2 and SLA3 "from 4 h" read as 4 h.
    ("procrm", "support", "first_response", None, None, "sla1"): (2 * H, "window"),
    ("procrm", "support", "first_response", None, None, "sla2"): (4 * H, "window"),
    ("procrm", "support", "first_response", None, None, "sla3"): (4 * H, "window"),
    # ASCON warranty: first answer within 8 working hours, closed within 40, a progress note
    # about every 2 days; the basic level promises no time.
    ("ascon", "warranty", "first_response", None, None, None): (8 * H, "window"),
    ("ascon", "warranty", "resolution", None, None, None): (40 * H, "window"),
    ("ascon", "warranty", "update_interval", None, None, None): (2 * OFFICE_8H, "window"),
    ("ascon", "basic", "first_response", None, None, None): (None, "window"),
    # The demo vendor's own table (portal/presets/demo.toml, [[comparison]]).
    ("demo", "standard", "first_response", 1, None, None): (2 * H, "window"),
    ("demo", "standard", "first_response", 4, None, None): (16 * H, "window"),
    ("demo", "standard", "resolution", 1, None, None): (1 * OFFICE_8H, "window"),
    ("demo", "standard", "resolution", 2, None, None): (5 * OFFICE_8H, "window"),
    ("demo", "standard", "resolution", 3, None, None): (None, "window"),
    ("demo", "priority", "first_response", 1, None, None): (30, "always"),
    ("demo", "priority", "resolution", 1, None, None): (8 * H, "always"),
    ("demo", "priority", "resolution", 2, None, None): (2 * OFFICE_8H, "window"),
    ("demo", "priority", "resolution", 3, None, None): (80 * H, "window"),
}


@pytest.mark.parametrize(("key", "want"), sorted(TABLE.items(), key=str), ids=str)
def test_the_reference_reads_the_seeds_target(key, want):
    code, tier, kind, priority, level, line = key
    target = read_preset(code).target(tier, kind, priority, level, line)
    assert target is not None
    assert (target.minutes, target.calendar.counting) == want


@pytest.mark.parametrize(("key", "want"), sorted(TABLE.items(), key=str), ids=str)
def test_the_portal_reads_the_seeds_target(key, want):
    code, tier, kind, priority, level, line = key
    target = load_preset(code).target(tier, kind, priority, level, line)
    assert target is not None
    assert (target.minutes, target.calendar.counting) == want


def test_a_line_target_beats_a_more_specific_priority_one_in_both_readers():
    """Escalation restarts reaction: the line's own target wins whatever else matches."""
    for reader in (read_preset, load_preset):
        target = reader("procrm").target("support", "first_response", None, None, "sla2")
        assert (target.line, target.minutes) == ("sla2", 4 * H)
        assert reader("procrm").target("support", "first_response") is None


def test_tiers_without_a_target_of_a_kind_have_none_in_both_readers():
    for reader in (read_preset, load_preset):
        assert reader("axistem").target("basic", "resolution") is None
        assert reader("demo").target("standard", "first_response") is None  # needs a priority
        assert reader("terrasoft").target("basic", "resolution", 1) is None


def test_calendars_follow_the_seeds():
    demo = read_preset("demo").calendars["moscow-office"]
    assert (demo.zone, demo.windows, demo.weekdays, demo.holiday_country) == (
        "Europe/Moscow", ((9 * H, 13 * H), (14 * H, 18 * H)), (0, 1, 2, 3, 4), "RU")
    business = read_preset("terrasoft").target("business", "first_response", 2).calendar
    assert (business.weekdays, business.holiday_country) == ((0, 1, 2, 3, 4, 5, 6), None)
    ascon = read_preset("ascon").target("warranty", "first_response").calendar
    assert ascon.follows_customer_zone and ascon.zone == "Europe/Moscow"
    assert read_preset("procrm").target("support", "first_response", line="sla1").calendar.zone \
        == "Europe/Kyiv"
