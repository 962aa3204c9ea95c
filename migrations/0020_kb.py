"""Knowledge base: categories, rendered articles with their tags, and helpful votes."""

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def upgrade(db, migrator):
    class KbCategory(Model):
        slug = CharField(max_length=64, unique=True)
        title = CharField(max_length=200)
        title_en = CharField(max_length=200)
        position = IntegerField(default=0)
        description = TextField(default="")
        description_en = TextField(default="")

        class Meta:
            table_name = "kb_category"

    class KbArticle(Model):
        path = CharField(max_length=255, unique=True)
        category = CharField(max_length=64, index=True)
        slug = CharField(max_length=128)
        language = CharField(max_length=8)
        title = CharField(max_length=300)
        summary = TextField(default="")
        products = CharField(max_length=300, default="")
        versions = CharField(max_length=300, default="")
        updated = DateField()
        translation_path = CharField(max_length=255, null=True)
        html = TextField()
        toc = TextField(default="[]")
        body_text = TextField(default="")
        word_count = IntegerField(default=0)
        sha256 = CharField(max_length=64)
        mtime_ns = BigIntegerField()
        size = IntegerField()

        class Meta:
            table_name = "kb_article"
            indexes = ((("category", "slug", "language"), True),)

    class KbArticleTag(Model):
        article = ForeignKeyField(KbArticle, on_delete="CASCADE")
        tag = CharField(max_length=100)
        key = CharField(max_length=100, index=True)

        class Meta:
            table_name = "kb_article_tag"
            indexes = ((("article", "key"), True),)

    class KbVote(Model):
        article_path = CharField(max_length=255, index=True)
        voter = CharField(max_length=80)
        helpful = BooleanField()
        comment = TextField(default="")
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            table_name = "kb_vote"
            indexes = ((("article_path", "voter"), True),)

    models = [KbCategory, KbArticle, KbArticleTag, KbVote]
    db.bind(models)
    db.create_tables(models)
