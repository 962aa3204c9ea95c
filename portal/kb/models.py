"""Database rows of the knowledge base: categories, rendered articles, tags, helpful votes."""

from __future__ import annotations

import json

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from portal.db import BaseModel
from portal.kb.markdown import TocEntry
from portal.kb.paths import ArticleAddress


class KbCategory(BaseModel):
    """A folder of kb/, as its `_category.md` describes it."""

    slug = CharField(max_length=64, unique=True)
    title = CharField(max_length=200)
    title_en = CharField(max_length=200)
    position = IntegerField(default=0)
    description = TextField(default="")
    description_en = TextField(default="")

    class Meta:
        table_name = "kb_category"

    def title_in(self, language: str) -> str:
        return self.title_en if language == "en" else self.title

    def description_in(self, language: str) -> str:
        return self.description_en if language == "en" and self.description_en else self.description


class KbArticle(BaseModel):
    """One article file, rendered and sanitised at sync time; pages only read it."""

    path = CharField(max_length=255, unique=True)
    category = CharField(max_length=64, index=True)
    slug = CharField(max_length=128)
    language = CharField(max_length=8)
    title = CharField(max_length=300)
    summary = TextField(default="")
    products = CharField(max_length=300, default="")  # product codes separated by spaces
    versions = CharField(max_length=300, default="")  # versions separated by spaces
    updated = DateField()
    translation_path = CharField(max_length=255, null=True)
    html = TextField()
    toc = TextField(default="[]")  # JSON list of [level, anchor, title]
    body_text = TextField(default="")
    word_count = IntegerField(default=0)
    sha256 = CharField(max_length=64)
    mtime_ns = BigIntegerField()
    size = IntegerField()
    renderer = IntegerField(default=0)  # RENDERER_VERSION that produced `html`
    # Preset codes separated by spaces; "" shows the article under every preset.
    presets = CharField(max_length=300, default="")

    class Meta:
        table_name = "kb_article"
        indexes = ((("category", "slug", "language"), True),)

    @property
    def address(self) -> ArticleAddress:
        return ArticleAddress(self.category, self.slug, self.language)

    @property
    def url(self) -> str:
        return self.address.url

    @property
    def product_codes(self) -> list[str]:
        return self.products.split()

    @property
    def version_list(self) -> list[str]:
        return self.versions.split()

    def shown_under(self, preset: str) -> bool:
        """Whether the article belongs to the knowledge base of preset `preset`."""
        return not self.presets or preset in self.presets.split()

    @property
    def toc_entries(self) -> list[TocEntry]:
        return [TocEntry(level, anchor, title) for level, anchor, title in json.loads(self.toc)]


class KbArticleTag(BaseModel):
    """A tag of an article; `key` is the case-folded tag, since SQL lower() folds ASCII only."""

    article = ForeignKeyField(KbArticle, backref="tag_rows", on_delete="CASCADE")
    tag = CharField(max_length=100)
    key = CharField(max_length=100, index=True)

    class Meta:
        table_name = "kb_article_tag"
        indexes = ((("article", "key"), True),)


class KbVote(BaseModel):
    """One reader's answer to "Was this helpful?"; keyed by path so votes outlive a reindex."""

    article_path = CharField(max_length=255, index=True)
    voter = CharField(max_length=80)  # "user:<id>" or "browser:<random id>"
    helpful = BooleanField()
    comment = TextField(default="")
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        table_name = "kb_vote"
        indexes = ((("article_path", "voter"), True),)
