"""Alembic environment: runs on the connection the caller hands over.

`backend.storage.migrate` opens an async connection and passes its sync face in
`config.attributes["connection"]`, so migrations use the same engine settings (SQLite
pragmas, PostgreSQL driver) as the running service.
"""

from alembic import context

from backend.storage.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `daiban db upgrade`, which provides a connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
