"""The bot's cursors into the case service's feeds.

Revision ID: bot0002
Revises: bot0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "bot0002"
down_revision = "bot0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bot_cursors",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_bot_cursors")),
    )


def downgrade() -> None:
    op.drop_table("bot_cursors")
