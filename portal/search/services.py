"""What the search pages need beside the index: the names of filter values."""

from __future__ import annotations

from portal.domain.policy import Policy


def category_names(codes: list[str], language: str) -> dict[str, str]:
    """Category code -> its title in the reader's language, as kb/<category>/ names it."""
    from portal.kb.models import KbCategory

    titles = {row.slug: row.title_in(language) for row in KbCategory.select()}
    return {code: titles.get(code, code) for code in codes}


def product_names(policy: Policy, codes: list[str], language: str) -> dict[str, str]:
    """Product code -> its name from the policy's catalogue, in the reader's language."""
    return {code: policy.product_label(code, language) for code in codes}
