"""An outbox row's topic: what a group of rows is about (one case's reminder, one round of
a case's handoff prompts), indexed, so that the group is found and withdrawn by equality
on both databases instead of by a LIKE that scans the table.

Revision ID: bot0004
Revises: bot0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "bot0004"
down_revision = "bot0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bot_outbox") as batch:
        batch.add_column(sa.Column("topic", sa.String(length=120), nullable=True))
        batch.create_index("ix_bot_outbox_topic", ["topic"])
    # Pending reminders (remind:<case>:<cause>) join their case's topic (remind:<case>),
    # so that the next change of the case still withdraws them.
    outbox = sa.table("bot_outbox", sa.column("id", sa.Integer),
                      sa.column("dedupe_key", sa.String), sa.column("state", sa.String),
                      sa.column("topic", sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(outbox.c.id, outbox.c.dedupe_key).where(
        outbox.c.state == "pending", outbox.c.dedupe_key.like("remind:%"))).all()
    for row in rows:
        topic = row.dedupe_key.rsplit(":", 1)[0]
        connection.execute(sa.update(outbox).where(outbox.c.id == row.id).values(topic=topic))


def downgrade() -> None:
    with op.batch_alter_table("bot_outbox") as batch:
        batch.drop_index("ix_bot_outbox_topic")
        batch.drop_column("topic")
