"""The regulation section of the knowledge base, written from the active policy.

"How support works here" is not hand-written: every preset gets the same articles, in Russian
and English, from its own tiers, calendars, targets and prices, so no vendor ever reads another
vendor's rules. `portal.kb.sync` stores and indexes them like files of kb/regulation/ and
rewrites them when the preset (or a page they link to) changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from portal.domain.policy import Policy
from portal.kb.paths import LANGUAGES
from portal.kb.regulation.money import prices_article
from portal.kb.regulation.overview import overview_article
from portal.kb.regulation.tickets import after_article, filing_article
from portal.kb.regulation.times import hours_article, targets_article
from portal.kb.regulation.words import Say

CATEGORY = "regulation"
CATEGORY_TITLE = {"ru": "Как работает поддержка", "en": "How support works"}
GENERATOR_VERSION = 1


@dataclass(frozen=True)
class GeneratedArticle:
    """One article of the regulation section in one language."""

    slug: str
    language: str
    title: str
    summary: str
    tags: tuple[str, ...]
    body: str  # Markdown; links to other regulation articles are relative (`prices.md`)

    @property
    def path(self) -> str:
        suffix = ".md" if self.language == "ru" else f".{self.language}.md"
        return f"{CATEGORY}/{self.slug}{suffix}"

    @property
    def sha256(self) -> str:
        text = "\n".join((str(GENERATOR_VERSION), self.title, self.summary, *self.tags, self.body))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


BUILDERS = (overview_article, hours_article, targets_article, prices_article, filing_article,
            after_article)
SLUGS = ("overview", "working-calendar", "sla", "prices", "good-ticket", "rating-reopen")


def generated_paths() -> frozenset[str]:
    """The kb paths the section occupies under every preset (files there are replaced)."""
    return frozenset(f"{CATEGORY}/{slug}{suffix}" for slug in SLUGS for suffix in (".md", ".en.md"))


def regulation_articles(policy: Policy, site_paths: frozenset[str]) -> list[GeneratedArticle]:
    """Every article of the section for `policy`, Russian and English.

    `site_paths` are the portal's pages that exist: an article names a page as a link only
    when it is among them.
    """
    found = []
    for language in LANGUAGES:
        say = Say(language)
        for build in BUILDERS:
            slug, title, summary, tags, body = build(policy, say, site_paths)
            found.append(GeneratedArticle(slug, language, title, summary, tuple(tags), body))
    return found
