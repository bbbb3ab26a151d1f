"""Followers: family members who follow a villager's case through a one-time link.

Revision ID: 0007_followers
Revises: 0006_carry_runs
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_followers"
down_revision: str | None = "0006_carry_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "followers",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("case_id", sa.String(length=36), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("messaging_id", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_followers_case_id", "followers", ["case_id"])
    op.create_index("ix_followers_messaging_id", "followers", ["messaging_id"])


def downgrade() -> None:
    op.drop_index("ix_followers_messaging_id", table_name="followers")
    op.drop_index("ix_followers_case_id", table_name="followers")
    op.drop_table("followers")
