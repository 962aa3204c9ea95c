"""Community Q&A: questions, answers, comments, tags, votes, edit history, abuse reports,
followers and mail opt-outs; a ticket remembers the portal page it was filed from; outgoing
mail can carry a one-click unsubscribe address (RFC 8058); a search document's rank can be
boosted (questions with accepted or official answers)."""

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def upgrade(db, migrator):
    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "user_account"

    def post_fields():
        return {"body": TextField(), "body_html": TextField(),
                "status": CharField(max_length=16, default="visible"),
                "created_at": DateTimeField()}

    def table(name, fields, indexes=()):
        meta = type("Meta", (), {"table_name": name, "indexes": indexes})
        return type(name, (Model,), {"id": AutoField(), **fields, "Meta": meta})

    question = table("community_question", {
        "token": CharField(max_length=64, unique=True),
        "author": ForeignKeyField(User, on_delete="CASCADE"),
        "title": CharField(max_length=200), **post_fields(),
        "product": CharField(max_length=64, default=""),
        "version": CharField(max_length=32, default=""),
        "score": IntegerField(default=0), "answer_count": IntegerField(default=0),
        "accepted_answer_id": IntegerField(null=True), "official": BooleanField(default=False),
        "active_at": DateTimeField(), "edited_at": DateTimeField(null=True),
        "edited_by": ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+"),
        "deleted_at": DateTimeField(null=True),
    }, ((("status", "created_at"), False), (("status", "score"), False),
        (("status", "answer_count"), False), (("product", "status"), False)))
    answer = table("community_answer", {
        "token": CharField(max_length=64, unique=True),
        "question": ForeignKeyField(question, on_delete="CASCADE"),
        "author": ForeignKeyField(User, on_delete="CASCADE", backref="+"), **post_fields(),
        "score": IntegerField(default=0), "official": BooleanField(default=False),
        "edited_at": DateTimeField(null=True),
        "edited_by": ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+"),
        "deleted_at": DateTimeField(null=True),
    }, ((("question", "status"), False),))
    comment = table("community_comment", {
        "token": CharField(max_length=64, unique=True),
        "question": ForeignKeyField(question, on_delete="CASCADE", backref="+"),
        "answer": ForeignKeyField(answer, null=True, on_delete="CASCADE", backref="+"),
        "author": ForeignKeyField(User, on_delete="CASCADE", backref="+"), **post_fields(),
    }, ((("question", "status"), False),))
    tag = table("community_question_tag", {
        "question": ForeignKeyField(question, on_delete="CASCADE", backref="+"),
        "tag": CharField(max_length=40),
    }, ((("question", "tag"), True), (("tag",), False)))
    vote = table("community_vote", {
        "user": ForeignKeyField(User, on_delete="CASCADE", backref="+"),
        "post_kind": CharField(max_length=16), "post_id": IntegerField(),
        "value": IntegerField(), "created_at": DateTimeField(),
    }, ((("user", "post_kind", "post_id"), True), (("post_kind", "post_id"), False)))
    revision = table("community_revision", {
        "post_kind": CharField(max_length=16), "post_id": IntegerField(),
        "editor": ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+"),
        "edited_at": DateTimeField(), "title": CharField(max_length=200, default=""),
        "body": TextField(),
    }, ((("post_kind", "post_id"), False),))
    report = table("community_report", {
        "post_kind": CharField(max_length=16), "post_id": IntegerField(),
        "question": ForeignKeyField(question, on_delete="CASCADE", backref="+"),
        "reporter": ForeignKeyField(User, on_delete="CASCADE", backref="+"),
        "reason": CharField(max_length=32), "note": CharField(max_length=500, default=""),
        "status": CharField(max_length=16, default="open"), "created_at": DateTimeField(),
        "resolved_by": ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+"),
        "resolved_at": DateTimeField(null=True),
    }, ((("status", "created_at"), False), (("post_kind", "post_id", "reporter"), False)))
    follow = table("community_follow", {
        "user": ForeignKeyField(User, on_delete="CASCADE", backref="+"),
        "question": ForeignKeyField(question, on_delete="CASCADE", backref="+"),
        "created_at": DateTimeField(),
    }, ((("user", "question"), True),))
    opt_out = table("community_mail_opt_out", {
        "user": ForeignKeyField(User, unique=True, on_delete="CASCADE", backref="+"),
        "created_at": DateTimeField(),
    })
    tables = [question, answer, comment, tag, vote, revision, report, follow, opt_out]
    db.bind(tables + [User])
    db.create_tables(tables)
    postgresql = db.__class__.__name__.startswith("Postgres")
    # Plain ALTER TABLE: the migrator would rebuild a SQLite table to add NOT NULL, and a
    # rebuilt search_document loses the triggers that keep its FTS5 index.
    real = "DOUBLE PRECISION" if postgresql else "REAL"
    for statement in (
        "ALTER TABLE ticket ADD COLUMN origin_url VARCHAR(500) NOT NULL DEFAULT ''",
        "ALTER TABLE ticket ADD COLUMN origin_title VARCHAR(200) NOT NULL DEFAULT ''",
        "CREATE INDEX ticket_origin_url ON ticket (origin_url)",
        f"ALTER TABLE search_document ADD COLUMN boost {real} NOT NULL DEFAULT 1.0",
        "ALTER TABLE outbox_message ADD COLUMN list_unsubscribe VARCHAR(500) NOT NULL DEFAULT ''",
    ):
        db.execute_sql(statement)
