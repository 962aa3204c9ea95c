"""What the search pages need beside the index: the names of filter values."""

from __future__ import annotations

from portal.domain.policy import Policy
from portal.search.models import SearchLabel


def category_names(codes: list[str], language: str) -> dict[str, str]:
    """Category code -> its title in the reader's language, as the knowledge base named it."""
    return SearchLabel.names("category", codes, language)


def product_names(policy: Policy, codes: list[str], language: str) -> dict[str, str]:
    """Product code -> its name from the policy's catalogue, in the reader's language."""
    return {code: policy.product_label(code, language) for code in codes}
