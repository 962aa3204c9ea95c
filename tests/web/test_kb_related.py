"""Related articles: shared tags weigh double, a shared product once, the newest first among
equals, only the reader's language; counted in SQL (one query each way)."""
from __future__ import annotations

from datetime import date

from portal.db import db


def _article(slug, tags, products="", language="ru", updated=date(2026, 1, 1)):
    from portal.kb.models import KbArticle, KbArticleTag

    article = KbArticle.create(path=f"x/{slug}.md", category="x", slug=slug, language=language,
                               title=slug, products=products, updated=updated, html="<p></p>",
                               sha256="0" * 64, mtime_ns=0, size=1)
    for tag in tags:
        KbArticleTag.create(article=article, tag=tag, key=tag.casefold())
    return article


def test_related_order_by_hand(app):
    from portal.kb.services import related

    with app.app_context():
        db.connect(reuse_if_open=True)
        own = _article("own", ["Импорт", "csv"], "crm")
        _article("both-tags", ["импорт", "CSV"], "desk")  # 2 × 2 = 4
        _article("tag-and-product", ["csv"], "crm docs")  # 2 + 1 = 3
        _article("one-tag-newer", ["импорт"], "", updated=date(2026, 5, 1))  # 2, newer
        _article("one-tag-older", ["импорт"], "")  # 2
        _article("product-only", ["другое"], "crm")  # 1
        _article("crm-lookalike", [], "crm2")  # a product code that only starts alike: 0
        _article("english", ["импорт", "csv"], "crm", language="en")  # another language
        _article("nothing", ["другое"], "desk")
        assert [a.slug for a in related(own)] == [
            "both-tags", "tag-and-product", "one-tag-newer", "one-tag-older", "product-only"]
        assert [a.slug for a in related(own, limit=2)] == ["both-tags", "tag-and-product"]
        lonely = _article("lonely", [], "docs")
        assert [a.slug for a in related(lonely)] == ["tag-and-product"]
