"""Staff queue: the support lines each agent works, saved queue views, and the ticket indexes
the queue reads (active tickets by due time, an agent's own, by line and organization).

The queue asks `status IN (open, waiting, deferred)` ordered by `next_due_at`, narrowed by the
assignee or the line; (organization_id, status) exists since 0050.
"""
from peewee import AutoField, CharField, DateTimeField, ForeignKeyField, Model

STATEMENTS = (
    "CREATE INDEX ticket_status_next_due_at ON ticket (status, next_due_at)",
    "CREATE INDEX ticket_assignee_status_next_due_at ON ticket (assignee_id, status, next_due_at)",
    "CREATE INDEX ticket_line_status ON ticket (line, status)",
)


def upgrade(db, migrator):
    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "user_account"

    class StaffLine(Model):
        id = AutoField()
        user = ForeignKeyField(User, on_delete="CASCADE")
        line = CharField(max_length=64)

        class Meta:
            table_name = "staff_line"
            indexes = ((("user", "line"), True),)

    class SavedView(Model):
        id = AutoField()
        user = ForeignKeyField(User, on_delete="CASCADE")
        name = CharField(max_length=80)
        query = CharField(max_length=500, default="")
        created_at = DateTimeField()

        class Meta:
            table_name = "staff_saved_view"
            indexes = ((("user", "name"), True),)

    tables = [StaffLine, SavedView]
    db.bind(tables + [User])
    db.create_tables(tables)
    for statement in STATEMENTS:
        db.execute_sql(statement)
