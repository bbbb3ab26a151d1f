"""SQLAlchemy tables, repositories and Alembic migrations of the case service."""
