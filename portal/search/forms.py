"""The search box and its filters, read from the query string."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SearchField, SelectChoice, SelectField

from portal.forms import PortalForm
from portal.search.index import KINDS

LAST_PAGE = 1000


class SearchForm(PortalForm):
    """GET form: a bad filter value is dropped rather than refused, so a search always answers."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search articles and community posts"))
    kind = SelectField(
        _l("Show"),
        choices=[
            SelectChoice("", _l("Everything")),
            SelectChoice("article", _l("Articles")),
            SelectChoice("post", _l("Community")),
        ],
        validate_choice=False,
    )
    product = SelectField(_l("Product"), validate_choice=False)
    category = SelectField(_l("Category"), validate_choice=False)
    page = IntegerField(default=1)

    def offer_choices(self, products: dict[str, str], categories: dict[str, str]) -> None:
        """Fill the product and category filters with what the index holds (code -> name)."""
        self.product.choices = [SelectChoice("", _l("All products"))] + [
            SelectChoice(code, name) for code, name in products.items()
        ]
        self.category.choices = [SelectChoice("", _l("All categories"))] + [
            SelectChoice(code, name) for code, name in categories.items()
        ]

    def criteria(self) -> dict:
        """Filters and page for index.search, each ignored when not one of the offered values."""
        self.validate()
        products = {choice.value for choice in self.product.choices}
        categories = {choice.value for choice in self.category.choices}
        page = self.page.data if isinstance(self.page.data, int) else 1
        return {
            "kind": self.kind.data if self.kind.data in KINDS else None,
            "product": self.product.data if self.product.data in products else None,
            "category": self.category.data if self.category.data in categories else None,
            "page": min(max(page, 1), LAST_PAGE),
        }

    @property
    def query(self) -> str:
        return (self.q.data or "").strip()
