"""Money and channels as the seeds say them: each case is computed by hand from the seed's own
words, quoted (in Russian) in its docstring."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from portal.billing.cli import quote_command
from portal.billing.services import QuoteInputError, quote
from portal.domain.entitlement import WARRANTY, Holding, Term, warranty_terms
from portal.domain.policy import load_preset
from portal.domain.pricing import HoursUsed, hours_lines
from portal.kb.regulation.words import Say
from portal.policy.hours import calendar_views

MOSCOW = ZoneInfo("Europe/Moscow")
ISTOM, AXISTEM = load_preset("istom"), load_preset("axistem")
ASCON, TERRASOFT = load_preset("ascon"), load_preset("terrasoft")


def test_istom_bills_only_help_installing_updates():
    """002, 3.2: «Оказывается помощь в поиске и устранении проблем в случае некорректного
    установления обновления (1500 руб/час). При обновлении оказываеться помощь в установке
    обновления (1500 руб/час).» Консультации (3.1) и диагностика (3.3) входят в поддержку.

    2 ч консультаций и 3 ч диагностики без отказа продукта — 0; 1,5 ч помощи с обновлением —
    1,5 × 1 500 = 2 250,00 руб. — на каждом уровне."""
    used = HoursUsed(consulting=D(2), diagnostics=D(3), update_help=D("1.5"))
    for tier in ISTOM.tiers:
        lines = hours_lines(tier.price, used, tier.code)
        assert [(line.facts["work"], line.amount.amount) for line in lines] == [
            ("update-help", D("2250.00"))], tier.code


def test_istom_consulting_alone_costs_nothing_in_a_quote():
    """002, 3.1: «Оказываются общие консультации по продуктам компании «iStom»» — в рамках
    технической поддержки, то есть без оплаты: 10 ч консультаций на бесплатном уровне — 0."""
    [option] = quote({"date": "2026-05-01", "tier": "free", "hours": {"consulting": "10"}}, ISTOM)
    assert option.total.amount == D("0.00")


def test_istom_channels_say_there_is_no_phone_support():
    """002, 1.5: «Компания «iStom» не оказывает услуги телефонной поддержки продуктов
    компании «iStom», только единоразово при первичной установке продуктов компании.»"""
    commercial = ISTOM.tier("commercial")
    assert commercial is not None and "phone" not in commercial.channels
    for tier in ISTOM.tiers:
        assert tier.channel_note is not None
        assert "при первичной установке" in tier.channel_note.ru or "(п. 1.5" in tier.channel_note.ru
        assert "first installation" in tier.channel_note.en or "(1.5" in tier.channel_note.en


def test_axistem_free_edition_licenses_are_not_the_first_license():
    """000, п. 11: «1-й год с момента покупки первой лицензии - бесплатно». Лицензии бесплатной
    версии не покупаются: первая купленная (платная) лицензия 10.03.2026 начинает гарантийный
    год 10.03.2026 — 09.03.2027, даже если у организации уже есть бесплатные."""
    data = {"date": "2026-03-10", "tier": "basic",
            "owned": [{"product": "crm", "edition": "free", "quantity": 5}],
            "buy": [{"product": "crm", "edition": "standard", "quantity": 10}]}
    [option] = quote(data, AXISTEM)
    support = option.lines[-1]
    assert (support.rule, support.amount.amount) == ("warranty", D("0.00"))
    assert (support.facts["term_start"], support.facts["term_end"]) == (
        date(2026, 3, 10), date(2027, 3, 9))
    free = [Holding("crm", "free", 5, commercial=False)]
    assert warranty_terms(AXISTEM, [], free, ["crm"], date(2026, 3, 10)) == [
        Term("basic", WARRANTY, date(2026, 3, 10), date(2027, 3, 9))]


def test_axistem_hours_show_service_hours_while_reaction_counts_whole_days():
    """000, «Базовый»: «Техническая поддержка пользователей осуществляется ежедневно с 8:00 до
    17:00 московского времени. Кроме выходных и праздничных дней»; «Максимальное время реакции
    на обращение – 48 часов. Если это время совпадает с выходными или праздничными днями, то
    срок реагирования увеличивается на соответствующее количество часов».

    Понедельник 02.02.2026 16:59 — открыто, 17:00 — закрыто; 48 ч от понедельника 16:00 —
    среда 04.02 16:00 (рабочие дни целиком)."""
    open_at = calendar_views(AXISTEM, datetime(2026, 2, 2, 16, 59, tzinfo=MOSCOW), "ru")
    assert [(v.name, v.open_now) for v in open_at] == [("service-hours", True)]
    assert {t.code for t in open_at[0].tiers} == {"basic", "extended"}
    closed = calendar_views(AXISTEM, datetime(2026, 2, 2, 17, 0, tzinfo=MOSCOW), "ru")
    assert [(v.name, v.open_now) for v in closed] == [("service-hours", False)]
    target = AXISTEM.target("basic", "first_response", priority=1)
    assert target is not None and target.calendar.counting == "working-days"
    due = target.calendar.add(datetime(2026, 2, 2, 16, 0, tzinfo=MOSCOW), target.minutes or 0)
    assert due == datetime(2026, 2, 4, 16, 0, tzinfo=MOSCOW)


def test_ascon_individual_level_is_by_separate_contract_and_refused_by_the_quote(tmp_path):
    """004: «Вы всегда можете обратиться в ближайший офис и договориться об индивидуальных
    сервисах поддержки, исходя из запросов предприятия. Для этого заключается отдельный договор,
    где оговариваются все условия взаимодействия.» Не «бесплатно» и без цены."""
    individual = ASCON.tier("individual")
    assert individual is not None and individual.price.rule == "contract"
    assert Say("ru").price(individual.price) == "по отдельному договору"
    assert Say("en").price(individual.price) == "by separate contract"
    with pytest.raises(QuoteInputError, match="by separate contract"):
        quote({"date": "2026-05-01", "tier": "individual"}, ASCON)
    path = tmp_path / "quote.json"
    path.write_text(json.dumps({"date": "2026-05-01", "tier": "individual"}), encoding="utf-8")
    result = CliRunner().invoke(quote_command, ["--preset", "ascon", "--input", str(path)])
    assert result.exit_code == 2
    assert "by separate contract" in result.output and "Traceback" not in result.output


def test_terrasoft_support_needs_a_license():
    """001: «В момент приобретения технической поддержки клиент должен обладать одной из
    официальных версий продуктов линейки Terrasoft.» Расчёт без лицензий — отказ с причиной."""
    with pytest.raises(QuoteInputError, match="at least one owned or purchased license"):
        quote({"date": "2026-05-01", "tier": "business", "deployment": "on-site"}, TERRASOFT)


def test_terrasoft_has_no_warranty_contract():
    """001: гарантийного срока в регламенте нет («Услуга технической поддержки ... является
    обязательной для всех клиентов на протяжении всего срока использования»): договор
    «гарантия» отклоняется с причиной."""
    product = TERRASOFT.products[0]
    data = {"date": "2026-05-01", "tier": "basic", "deployment": "on-site",
            "owned": [{"product": product.code, "edition": product.editions[0].code,
                       "quantity": 1}],
            "contract": {"tier": "basic", "kind": "warranty", "start": "2026-01-01",
                         "end": "2026-12-31"}}
    with pytest.raises(QuoteInputError, match="no warranty period"):
        quote(data, TERRASOFT)


def test_terrasoft_new_versions_are_included_in_every_package():
    """001, «Сервисы»: «Предоставление новых версий и критических патчей + + +» — переход на
    новую версию входит в каждый пакет: строка расчёта 0 с этой причиной, не ошибка."""
    product = TERRASOFT.products[0]
    edition = next(e for e in product.editions if e.price > 0)
    for tier in TERRASOFT.tiers:
        data = {"date": "2026-05-01", "tier": tier.code, "deployment": "on-site",
                "owned": [{"product": product.code, "edition": edition.code, "quantity": 3}],
                "contract": {"tier": tier.code, "kind": "paid", "start": "2026-01-01",
                             "end": "2026-12-31"},
                "upgrade": [{"product": product.code, "edition": edition.code, "quantity": 3}]}
        [option] = quote(data, TERRASOFT)
        upgrade = next(line for line in option.lines if line.kind == "upgrade")
        assert (upgrade.rule, upgrade.amount.amount) == ("upgrade-included", D("0.00"))
        assert upgrade.facts["reason"] == "included in every package"


def test_prices_read_as_a_person_says_them():
    """001: «On-demand ... Включена в стоимость подписки» — а не «0 %»; 004: индивидуальный —
    «по отдельному договору», а не «бесплатно»."""
    basic = TERRASOFT.tier("basic")
    assert basic is not None
    words = Say("ru").price(basic.price)
    assert "входит в стоимость подписки" in words and "0 %" not in words
    assert "included in the subscription" in Say("en").price(basic.price)
    for policy in (ISTOM, AXISTEM, ASCON, TERRASOFT):
        for tier in policy.tiers:
            for language in ("ru", "en"):
                assert " 0 %" not in Say(language).price(tier.price), (policy.code, tier.code)
