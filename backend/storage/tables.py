"""The case service's tables, as SQLAlchemy Core: repositories map rows to domain types."""

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    func,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

offices = Table(
    "offices",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("tier", String(16), nullable=False, index=True),
    Column("kind", String(24), nullable=False),
    Column("name_zh", String(100), nullable=False),
    Column("name_en", String(200), nullable=False),
    Column(
        "parent_code",
        String(32),
        ForeignKey("offices.code", ondelete="RESTRICT"),
        nullable=True,
        index=True,
    ),
    Column("address", String(300), nullable=False),
    Column("phone", String(40), nullable=False),
    Column("opening_hours", String(100), nullable=False),
    Column("slot_minutes", Integer, nullable=False),
    Column("slot_capacity", Integer, nullable=False),
    Column("travel_minutes_to_town", Integer, nullable=False),
    Column("travel_minutes_to_district", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("tier IN ('district', 'town', 'village')", name="tier"),
    CheckConstraint("slot_minutes > 0 AND slot_capacity > 0", name="slots"),
    CheckConstraint(
        "travel_minutes_to_town >= 0 AND travel_minutes_to_district >= 0", name="travel"
    ),
)
