"""Storage settings: where the case service keeps its records."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class StorageSettings(BaseSettings):
    """The database URL decides the engine: SQLite (embedded default) or PostgreSQL.

    `database_url` left empty means "a SQLite file under the var directory"; the
    composition root fills it in, since only it knows where `var/` is.
    """

    model_config = SettingsConfigDict(env_prefix="DAIBAN_", extra="ignore")

    database_url: str = ""
    database_schema: str = ""
    """PostgreSQL only: keep daiban's tables in this schema (its search_path)."""
    sqlite_busy_timeout_ms: int = 10_000
    echo_sql: bool = False
