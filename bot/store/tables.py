"""The bot's tables, as SQLAlchemy Core; every name starts with `bot_`."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "pk": "pk_%(table_name)s",
    }
)

updates = Table(
    "bot_updates",
    metadata,
    # The platform's own id: storing it first is what makes a repeated delivery harmless.
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    # Updates of one chat are handled in order; this is the key they are ordered by.
    Column("chat_key", String(40), nullable=False),
    # The update as received; erased once handled, since it can hold personal data.
    Column("payload", JSON(none_as_null=True), nullable=True),
    Column("state", String(12), nullable=False),  # pending | done | failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("received_at", Float, nullable=False),
    Column("done_at", Float, nullable=True),
    Index("ix_bot_updates_state_update_id", "state", "update_id"),
    Index("ix_bot_updates_done_at", "done_at"),
)

conversations = Table(
    "bot_conversations",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("key", String(128), primary_key=True),  # the handler's key tuple, as JSON
    Column("state", JSON, nullable=True),
)

user_data = Table(
    "bot_user_data",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("data", JSON, nullable=False),
)

chat_data = Table(
    "bot_chat_data",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("data", JSON, nullable=False),
)

outbox = Table(
    "bot_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("kind", Integer, nullable=False),  # the limiter's priority: lower goes first
    Column("method", String(40), nullable=False),  # a Bot API method, e.g. sendMessage
    Column("params", JSON, nullable=False),
    Column("not_before", Float, nullable=False),
    # Whoever enqueues says what makes two rows the same message (e.g. feed position and
    # recipient), so that a replayed enqueue adds nothing.
    Column("dedupe_key", String(160), nullable=True),
    # pending | sent | failed | uncertain | withdrawn (a reminder no longer wanted) |
    # skipped (an edit of a message that was never sent)
    Column("state", String(12), nullable=False),
    Column("outcome", String(16), nullable=True),  # bot.outcomes.Outcome
    Column("detail", Text, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    # The sent message's id in its chat (`chat_id`), so that a later row can edit it.
    Column("message_id", BigInteger, nullable=True),
    # An edit row (editMessageText, ...) names the row whose message it edits by that
    # row's dedupe key; it is skipped when that row was never sent.
    Column("edits", String(160), nullable=True),
    # What the enqueuer keeps with a row for the rows that may refer to it later (e.g. a
    # prompt's reader and language); never sent.
    Column("memo", JSON(none_as_null=True), nullable=True),
    # What a group of rows is about (e.g. `remind:<case>`, one case's reminder; or
    # `prompt:<case>:v<version>`, one round of its handoff prompts): found and withdrawn
    # together by equality, which an index serves on every database.
    Column("topic", String(120), nullable=True),
    Column("created_at", Float, nullable=False),
    Column("sent_at", Float, nullable=True),
    UniqueConstraint("dedupe_key"),
    Index("ix_bot_outbox_state_not_before", "state", "not_before"),
    Index("ix_bot_outbox_topic", "topic"),
)

feed_done = Table(
    "bot_feed_done",
    metadata,
    # Events past the cursor already acted on: the notifier works on several cases at
    # once, so events finish out of order; each is marked in the transaction that wrote
    # its messages, and the marks up to the cursor go when the cursor moves past them.
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, primary_key=True),
)

cursors = Table(
    "bot_cursors",
    metadata,
    # Which feed (e.g. "cases"): the position of the last event the bot has acted on,
    # written in the same transaction as whatever that event made it enqueue.
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)
