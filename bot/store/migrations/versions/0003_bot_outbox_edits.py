"""The outbox remembers what it sent: an edit row names the row it edits, and a row may
carry a memo for later rows (never sent).

Revision ID: bot0003
Revises: bot0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "bot0003"
down_revision = "bot0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bot_outbox") as batch:
        batch.add_column(sa.Column("edits", sa.String(length=160), nullable=True))
        batch.add_column(sa.Column("memo", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bot_outbox") as batch:
        batch.drop_column("memo")
        batch.drop_column("edits")
