"""Carry runs: the handover list (交接单) of a station's dossiers to the next office.

Revision ID: 0006_carry_runs
Revises: 0005_call_tasks
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_carry_runs"
down_revision: str | None = "0005_call_tasks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "carry_runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("station_code", sa.String(length=32), sa.ForeignKey("offices.code"),
                  nullable=False),
        sa.Column("to_office_code", sa.String(length=32), sa.ForeignKey("offices.code"),
                  nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("departed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("departed_by", sa.String(length=36), sa.ForeignKey("staff.id"),
                  nullable=True),
        sa.UniqueConstraint("station_code", "to_office_code", "day", "seq",
                            name="uq_carry_runs_station_to_day_seq"),
    )
    op.create_table(
        "carry_run_items",
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("carry_runs.id"), primary_key=True),
        sa.Column("case_id", sa.String(length=36), sa.ForeignKey("cases.id"),
                  primary_key=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_by", sa.String(length=36), sa.ForeignKey("staff.id"),
                  nullable=True),
        sa.Column("missing_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("missing_by", sa.String(length=36), sa.ForeignKey("staff.id"),
                  nullable=True),
    )


def downgrade() -> None:
    op.drop_table("carry_run_items")
    op.drop_table("carry_runs")
