"""The district's offices: district center, town-level centers, village stations.

Revision ID: 0001_offices
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_offices"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "offices",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("name_zh", sa.String(100), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("parent_code", sa.String(32), nullable=True),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("opening_hours", sa.String(100), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("slot_capacity", sa.Integer(), nullable=False),
        sa.Column("travel_minutes_to_town", sa.Integer(), nullable=False),
        sa.Column("travel_minutes_to_district", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("tier IN ('district', 'town', 'village')", name="ck_offices_tier"),
        sa.CheckConstraint("slot_minutes > 0 AND slot_capacity > 0", name="ck_offices_slots"),
        sa.CheckConstraint(
            "travel_minutes_to_town >= 0 AND travel_minutes_to_district >= 0",
            name="ck_offices_travel",
        ),
        sa.ForeignKeyConstraint(
            ["parent_code"],
            ["offices.code"],
            name="fk_offices_parent_code_offices",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("code", name="pk_offices"),
    )
    op.create_index("ix_offices_tier", "offices", ["tier"])
    op.create_index("ix_offices_parent_code", "offices", ["parent_code"])


def downgrade() -> None:
    op.drop_index("ix_offices_parent_code", table_name="offices")
    op.drop_index("ix_offices_tier", table_name="offices")
    op.drop_table("offices")
