"""Queries as customers type them, with the knowledge-base articles a support engineer
would accept as the answer (paths under kb/). Written here, by hand; used by the relevance
test on both engines and by bench/relevance.py.

Each family of the way people type is present: long natural questions, typos, verb and noun
forms, synonyms and slang, Cyrillic spellings of Latin names, English questions.
"""
from __future__ import annotations

# (query, language of the reader, accepted article paths)
CASES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # Long natural questions whose best article lacks an incidental word.
    ("как настроить импорт контактов из эксель файла в црм", "ru",
     ("crm/import-contacts-csv.md",)),
    ("что делать если служба не запускается после перезагрузки сервера", "ru",
     ("troubleshooting/service-does-not-start.md",)),
    ("можно ли докупить лицензии в середине срока поддержки", "ru",
     ("licensing/adding-licenses.md",)),
    ("нужно ли делать резервную копию перед обновлением на новую версию", "ru",
     ("getting-started/backup-before-update.md",)),
    # Typos: a wrong, missing, extra or swapped letter.
    ("лицнезионный ключ", "ru", ("troubleshooting/license-key-errors.md",)),
    ("ворнка продаж", "ru", ("crm/sales-pipeline.md",)),
    ("электроная подпись", "ru", ("docs/electronic-signature.md",)),
    ("маршрутизацыя", "ru", ("desk/queues-and-routing.md",)),
    # Verb and noun forms, synonyms, support slang.
    ("настройка воронки", "ru", ("crm/sales-pipeline.md",)),
    ("перенести данные на новую версию crm", "ru",
     ("crm/upgrade-5-2-to-6-0.md", "licensing/upgrades.md")),
    ("письма не доходят", "ru", ("troubleshooting/mail-not-arriving.md",)),
    ("отчеты тормозят", "ru", ("troubleshooting/slow-reports.md",)),
    ("тикеты по очередям", "ru", ("desk/queues-and-routing.md",)),
    ("почта в тикет", "ru", ("desk/mail-to-ticket.md",)),
    ("интерфейс глючит после апдейта", "ru", ("troubleshooting/browser-cache.md",)),
    # Cyrillic spellings of Latin names.
    ("требования для постгрес и линукс", "ru", ("getting-started/requirements.md",)),
    ("вход через актив директори", "ru", ("troubleshooting/ldap-login-fails.md",)),
    # English questions: question words do not decide a match.
    ("how should I add licenses in the middle of the term", "en",
     ("licensing/adding-licenses.en.md",)),
    ("what do I need for installation", "en", ("getting-started/requirements.en.md",)),
    ("can I upgrade to a new version", "en", ("licensing/upgrades.en.md",)),
    ("licence key eror", "en", ("troubleshooting/license-key-errors.en.md",)),
)


def url_of(path: str) -> str:
    """The page of an article file, as the index stores it."""
    category, name = path.split("/", 1)
    slug = name.removesuffix(".md")
    if slug.endswith(".en"):
        return f"/kb/{category}/{slug.removesuffix('.en')}/en"
    return f"/kb/{category}/{slug}"


def scores(results: list[list[str]]) -> tuple[float, float]:
    """(recall@3, mean reciprocal rank) of each case's found URLs, in CASES order."""
    recall = reciprocal = 0.0
    for (_query, _language, accepted), found in zip(CASES, results, strict=True):
        wanted = {url_of(path) for path in accepted}
        ranks = [position for position, url in enumerate(found, 1) if url in wanted]
        recall += bool(ranks and ranks[0] <= 3)
        reciprocal += 1 / ranks[0] if ranks else 0.0
    return recall / len(CASES), reciprocal / len(CASES)
