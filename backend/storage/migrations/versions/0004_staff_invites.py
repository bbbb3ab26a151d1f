"""Staff invites, the staff audit log, and the language staff are spoken to in.

Revision ID: 0004_staff_invites
Revises: 0003_consent_recorded_by
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_staff_invites"
down_revision: str | None = "0003_consent_recorded_by"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=False,
                                   server_default="zh"))
    op.create_table(
        "staff_invites",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("code_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("office_code", sa.String(length=32), sa.ForeignKey("offices.code"),
                  nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=36), sa.ForeignKey("staff.id"),
                  nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.String(length=36), sa.ForeignKey("staff.id"), nullable=True),
    )
    op.create_table(
        "staff_audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.String(length=36), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("staff_id", sa.String(length=36), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("office_code", sa.String(length=32), sa.ForeignKey("offices.code"),
                  nullable=False),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_staff_audit_at", "staff_audit", ["at"])
    op.create_index("ix_staff_audit_office_code", "staff_audit", ["office_code"])


def downgrade() -> None:
    op.drop_index("ix_staff_audit_office_code", table_name="staff_audit")
    op.drop_index("ix_staff_audit_at", table_name="staff_audit")
    op.drop_table("staff_audit")
    op.drop_table("staff_invites")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("language")
