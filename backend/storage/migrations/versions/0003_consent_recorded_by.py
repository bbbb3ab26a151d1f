"""Consents taken in person: which staff member recorded them.

Revision ID: 0003_consent_recorded_by
Revises: 0002_case_service
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_consent_recorded_by"
down_revision: str | None = "0002_case_service"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.add_column(sa.Column("recorded_by", sa.String(length=36), nullable=True))
        batch.create_foreign_key(
            "fk_consents_recorded_by_staff", "staff", ["recorded_by"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.drop_constraint("fk_consents_recorded_by_staff", type_="foreignkey")
        batch.drop_column("recorded_by")
