"""Alembic environment of the bot's store: its own version table, the caller's connection.

The bot's tables may share a database with the case service's; each side keeps its own
version table so that either can be migrated (or removed) without the other.
"""

from alembic import context

from bot.store.tables import metadata

VERSION_TABLE = "bot_alembic_version"

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `daiban db upgrade`, which provides a connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
