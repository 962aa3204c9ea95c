"""Language and formats: a language chosen before logging in wins at log-in and is saved;
dates, times and money by Babel in the reader's locale; zones named as people name them;
moved days off said once on /hours."""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portal.accounts.forms import timezone_choices
from portal.accounts.models import User
from portal.core import format_in_zone
from portal.domain.calendar import Calendar
from portal.i18n import format_moment, format_money, zone_name
from portal.policy.hours import classify


def test_a_language_chosen_before_log_in_wins_and_is_saved(app, client, auth, make_user):
    user = make_user(email="anna@romashka.example", language="ru")
    client.post("/language", data={"language": "en", "next": "/"})
    auth.login("anna@romashka.example")
    page = client.get("/profile").get_data(as_text=True)
    assert 'lang="en"' in page
    with app.app_context():
        assert User.get_by_id(user.id).language == "en"


def test_without_a_choice_the_profile_language_stays(app, client, auth, make_user):
    user = make_user(email="boris@romashka.example", language="en")
    auth.login("boris@romashka.example")
    assert 'lang="en"' in client.get("/profile").get_data(as_text=True)
    with app.app_context():
        assert User.get_by_id(user.id).language == "en"


def _in(app, language):
    return app.test_request_context(headers={"Accept-Language": language})


def test_moments_are_written_by_babel_in_the_reader_locale(app):
    moment = datetime(2026, 12, 1, 18, 38)  # UTC, as stored
    with _in(app, "en"):
        assert format_moment(moment, "Europe/Moscow") == "Dec 1, 2026, 21:38"
        assert format_in_zone(moment, "Europe/Moscow") == "Tue, December 1, 21:38"
        assert format_in_zone(moment, "Asia/Yekaterinburg", None) == "23:38"
    with _in(app, "ru"):
        assert format_moment(moment, "Europe/Moscow") == "1 дек. 2026\u202fг., 21:38"
        assert format_in_zone(moment, "Europe/Moscow") == "вт, 1 декабря, 21:38"


def test_the_short_datetime_filter_is_no_longer_the_numeric_one(app):
    with _in(app, "en"):
        shown = app.jinja_env.from_string('{{ m | datetime("short") }}').render(
            m=datetime(2026, 12, 1, 18, 38))
        assert "/" not in shown and "PM" not in shown and "Dec" in shown
        day = app.jinja_env.from_string('{{ d | date("short") }}').render(d=date(2026, 12, 1))
        assert day == "Dec 1, 2026"


def test_money_in_the_reader_locale(app):
    with _in(app, "en"):
        assert format_money(Decimal(30000), "RUB") == "RUB\u00a030,000.00"
        assert format_money(Decimal(30000), "EUR") == "€30,000.00"
        shown = app.jinja_env.from_string("{{ 30000 | currencyformat('RUB') }}").render()
        assert shown == "RUB\u00a030,000.00"
    with _in(app, "ru"):
        assert format_money(Decimal(30000), "RUB") == "30\u00a0000,00\u00a0₽"


def test_zones_are_named_as_people_name_them(app):
    with _in(app, "en"):
        assert zone_name("Europe/Moscow") == "Moscow time"
        assert "Asia/" not in " ".join(c.label for c in timezone_choices())
    with _in(app, "ru"):
        assert zone_name("Asia/Yekaterinburg") == "Екатеринбург"
        assert zone_name("UTC") == "UTC"
        labels = [c.label for c in timezone_choices()]
        assert "Екатеринбург" in labels and "Минск" in labels and "Москва" in labels
        assert len(set(labels)) == len(labels)


def test_the_tier_page_names_zones_not_identifiers(client):
    html = client.get("/hours", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Europe/Moscow" not in html.replace('"Europe/Moscow"', "")


def test_a_moved_day_off_is_said_once_with_the_day_it_came_from():
    calendar = Calendar(zone="Europe/Moscow", weekdays=(0, 1, 2, 3, 4), windows=((540, 1080),),
                        holiday_country="RU")
    day = classify(calendar, date(2026, 12, 31), {date(2026, 12, 31): "Day off (substituted "
                   "from 01/04/2026)"}, {date(2026, 12, 31): date(2026, 1, 4)})
    assert (day.kind, day.name, day.moved_from) == ("moved_day_off", "", date(2026, 1, 4))


def test_hours_has_no_doubled_parentheses(client):
    for language in ("ru", "en"):
        html = client.get("/hours", headers={"Accept-Language": language}).get_data(as_text=True)
        assert "))" not in html.split("<main", 1)[1].split("</main>", 1)[0], language


def test_a_language_left_by_an_earlier_log_in_is_not_a_choice(app, client, auth, make_user):
    make_user(email="gleb@romashka.example", language="en")
    user = make_user(email="dina@romashka.example", language="ru")
    auth.login("gleb@romashka.example")
    client.post("/logout")
    auth.login("dina@romashka.example")  # the session still says "en", from Gleb
    with app.app_context():
        assert User.get_by_id(user.id).language == "ru"


@pytest.mark.parametrize("preset", ["ascon", "axistem", "istom", "procrm", "terrasoft", "demo"])
def test_no_preset_doubles_parentheses_on_hours(app, client, preset, freeze_clock):
    # March: the ASCON calendar names "International Women's Day (observed)".
    freeze_clock(datetime(2026, 2, 15, 9, 0, tzinfo=UTC))
    app.config["POLICY_PRESET"] = preset
    for language in ("ru", "en"):
        html = client.get("/hours", headers={"Accept-Language": language}).get_data(as_text=True)
        assert "))" not in html.split("<main", 1)[1].split("</main>", 1)[0], (preset, language)
