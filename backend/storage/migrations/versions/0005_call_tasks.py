"""Call tasks (news for villagers the bot cannot reach) and the log of staff's calls.

Revision ID: 0005_call_tasks
Revises: 0004_staff_invites
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_call_tasks"
down_revision: str | None = "0004_staff_invites"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "call_tasks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(length=36), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.String(length=36), sa.ForeignKey("residents.id"),
                  nullable=False),
        sa.Column("station_code", sa.String(length=32), sa.ForeignKey("offices.code"),
                  nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=36), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.UniqueConstraint("case_id", "version", name="uq_call_tasks_case_version"),
    )
    op.create_index("ix_call_tasks_station_code", "call_tasks", ["station_code"])
    op.create_table(
        "call_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(length=36), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("staff_id", sa.String(length=36), sa.ForeignKey("staff.id"),
                  nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_call_log_case_id", "call_log", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_call_log_case_id", table_name="call_log")
    op.drop_table("call_log")
    op.drop_index("ix_call_tasks_station_code", table_name="call_tasks")
    op.drop_table("call_tasks")
