"""Events past a feed's cursor already acted on, so that the notifier can work on
several cases at once and still act on each event exactly once.

Revision ID: bot0005
Revises: bot0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "bot0005"
down_revision = "bot0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bot_feed_done",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", "position", name=op.f("pk_bot_feed_done")),
    )


def downgrade() -> None:
    op.drop_table("bot_feed_done")
