"""The search index tables: one document per article or post, and its products."""

from __future__ import annotations

from peewee import AutoField, CharField, FloatField, ForeignKeyField, TextField

from portal.db import BaseModel


class SearchDocument(BaseModel):
    """One searchable article or post; stems are stored so both engines see the same tokens.

    The engine's own index follows this table: FTS5 rows kept by triggers on
    SQLite, a generated ``search_vector`` column on PostgreSQL (see 0030_search).
    """

    id = AutoField()
    kind = CharField(max_length=16)
    ref = CharField(max_length=255)
    language = CharField(max_length=16, default="")
    title = TextField()
    body_text = TextField(default="")
    url = CharField(max_length=500)
    category = CharField(max_length=64, default="")
    tags = TextField(default="")
    # The same article in several languages shares a family (its Russian file's path);
    # "" for documents without translations (posts).
    family = CharField(max_length=255, default="")
    title_stems = TextField(default="")
    heading_stems = TextField(default="")
    tag_stems = TextField(default="")
    body_stems = TextField(default="")
    # The engine's rank is multiplied by it: a question with an accepted or official answer
    # comes before one without; articles keep 1.
    boost = FloatField(default=1.0)

    class Meta:
        table_name = "search_document"
        indexes = (
            (("kind", "ref"), True),
            (("kind", "category"), False),
            (("family", "language"), False),
        )


class SearchDocumentProduct(BaseModel):
    """A product a document is about, for the product filter."""

    id = AutoField()
    document = ForeignKeyField(SearchDocument, backref="products", on_delete="CASCADE")
    product = CharField(max_length=64)

    class Meta:
        table_name = "search_document_product"
        indexes = ((("document", "product"), True), (("product",), False))


class SearchLabel(BaseModel):
    """The name of one filter value in one language (e.g. a category's title)."""

    id = AutoField()
    facet = CharField(max_length=16)
    code = CharField(max_length=64)
    language = CharField(max_length=8)
    label = CharField(max_length=200)

    class Meta:
        table_name = "search_label"
        indexes = ((("facet", "code", "language"), True),)

    @classmethod
    def names(cls, facet: str, codes: list[str], language: str) -> dict[str, str]:
        """Code -> its name in `language`; a code without one is named by itself."""
        found = {row.code: row.label for row in cls.select().where(
            (cls.facet == facet) & (cls.language == language) & cls.code.in_(codes))}
        return {code: found.get(code, code) for code in codes}
