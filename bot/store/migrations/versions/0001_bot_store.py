"""The bot's store: update inbox, conversation state, user and chat data, outbox.

Revision ID: bot0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "bot0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bot_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_key", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.Float(), nullable=False),
        sa.Column("done_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_bot_updates")),
    )
    op.create_index("ix_bot_updates_state_update_id", "bot_updates", ["state", "update_id"])
    op.create_index("ix_bot_updates_done_at", "bot_updates", ["done_at"])
    op.create_table(
        "bot_conversations",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("state", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("name", "key", name=op.f("pk_bot_conversations")),
    )
    op.create_table(
        "bot_user_data",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_bot_user_data")),
    )
    op.create_table(
        "bot_chat_data",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_bot_chat_data")),
    )
    op.create_table(
        "bot_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("not_before", sa.Float(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=160), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("sent_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bot_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_bot_outbox_dedupe_key")),
    )
    op.create_index("ix_bot_outbox_state_not_before", "bot_outbox", ["state", "not_before"])


def downgrade() -> None:
    op.drop_index("ix_bot_outbox_state_not_before", table_name="bot_outbox")
    op.drop_table("bot_outbox")
    op.drop_table("bot_chat_data")
    op.drop_table("bot_user_data")
    op.drop_table("bot_conversations")
    op.drop_index("ix_bot_updates_done_at", table_name="bot_updates")
    op.drop_index("ix_bot_updates_state_update_id", table_name="bot_updates")
    op.drop_table("bot_updates")
