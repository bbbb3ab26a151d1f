"""BotStore: every read and write of the bot's tables, one short transaction each.

The inbox's one rule lives here: an update is stored before the offset moves past it,
and marked done in the same transaction as the conversation state its handling changed.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import String, and_, cast, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.store import tables as t

WriteTurn = Callable[[], AbstractAsyncContextManager[None]]
DELETED = object()
"""The value of a StagedWrite that removes the row."""


@dataclass(frozen=True)
class StagedWrite:
    """One change of conversation state or user/chat data, waiting for its update's commit."""

    kind: Literal["conversation", "user", "chat"]
    key: tuple[Any, ...]
    value: Any


@dataclass(frozen=True)
class StoredUpdate:
    update_id: int
    chat_key: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class OutboxRow:
    id: int
    chat_id: int
    kind: int
    method: str
    params: dict[str, Any]
    not_before: float
    attempts: int
    edits: str | None = None


@dataclass(frozen=True)
class SentMessage:
    """Where an earlier row's message went, for a row that edits it."""

    state: str
    chat_id: int
    message_id: int | None


@dataclass
class Plan:
    """What one feed event makes the bot do, written with the cursor in one transaction.

    `rows`: rows to enqueue (the keywords of `BotStore.enqueue`, `dedupe_key` required,
    `topic` if the row belongs to a group); a row seen before adds nothing. `withdraw`:
    topics whose pending rows are withdrawn first, except the rows of this plan (so a
    replay withdraws nothing it would add again).
    """

    rows: list[dict[str, Any]] = field(default_factory=list)
    withdraw: list[str] = field(default_factory=list)

    def __iadd__(self, other: Plan) -> Plan:
        self.rows.extend(other.rows)
        self.withdraw.extend(other.withdraw)
        return self

    def __bool__(self) -> bool:
        return bool(self.rows or self.withdraw)


class BotStore:
    """The bot's tables on the engine it is given (by default the case service's database).

    Args:
        engine: the database; on SQLite its writers must begin immediately.
        write_turn: makes this process's writers take turns (SQLite allows one writer);
            the composition root passes the case service's, so both queue in one line.
    """

    def __init__(self, engine: AsyncEngine, write_turn: WriteTurn | None = None):
        self.engine = engine
        self._write_turn = write_turn or _no_turn
        self._insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert

    @contextlib.asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncConnection]:
        async with self._write_turn(), self.engine.begin() as connection:
            yield connection

    # -- the update inbox -------------------------------------------------------------

    async def accept_updates(self, updates: Iterable[tuple[int, str, dict[str, Any]]],
                             now: float) -> list[int]:
        """Store updates not seen before; returns the ids that are new (the rest repeat)."""
        rows = [{"update_id": update_id, "chat_key": chat_key, "payload": payload,
                 "state": "pending", "attempts": 0, "received_at": now}
                for update_id, chat_key, payload in updates]
        if not rows:
            return []
        fresh: list[int] = []
        async with self._writing() as connection:
            for row in rows:
                statement = self._insert(t.updates).values(**row).on_conflict_do_nothing(
                    index_elements=["update_id"])
                result = await connection.execute(statement)
                if result.rowcount:
                    fresh.append(row["update_id"])
        return fresh

    async def pending_updates(self) -> list[StoredUpdate]:
        """Updates stored but not yet handled, oldest first: handled first after a restart."""
        query = (select(t.updates.c.update_id, t.updates.c.chat_key, t.updates.c.payload,
                        t.updates.c.attempts)
                 .where(t.updates.c.state == "pending").order_by(t.updates.c.update_id))
        async with self.engine.connect() as connection:
            result = await connection.execute(query)
            return [StoredUpdate(row.update_id, row.chat_key, row.payload, row.attempts)
                    for row in result]

    async def count_attempt(self, update_id: int) -> int:
        """Count one more try at handling an update; returns the count so far."""
        async with self._writing() as connection:
            await connection.execute(update(t.updates).where(t.updates.c.update_id == update_id)
                                     .values(attempts=t.updates.c.attempts + 1))
            result = await connection.execute(
                select(t.updates.c.attempts).where(t.updates.c.update_id == update_id))
            return int(result.scalar_one())

    async def finish_update(self, update_id: int, staged: Iterable[StagedWrite], now: float,
                            *, failed: bool = False) -> None:
        """Mark an update handled and save the state its handling changed, atomically.

        The payload is erased here: once handled, nothing needs it, and it can hold a
        phone number or a name. The id stays for deduplication until pruned.
        """
        async with self._writing() as connection:
            await self._apply(connection, staged)
            await connection.execute(
                update(t.updates).where(t.updates.c.update_id == update_id)
                .values(state="failed" if failed else "done", payload=None, done_at=now))

    async def prune_updates(self, before: float) -> int:
        """Forget handled updates finished before `before` (kept ≥ 24 h to catch repeats)."""
        async with self._writing() as connection:
            result = await connection.execute(delete(t.updates).where(and_(
                t.updates.c.state != "pending", t.updates.c.done_at < before)))
            return int(result.rowcount or 0)

    async def prune_outbox(self, scrub_before: float, delete_before: float) -> tuple[int, int]:
        """Finished rows: their text (names, phone numbers) is blanked once a day old,
        and the rows themselves go after `delete_before`; the ids, dedupe keys and
        message ids stay until then, for replays and for later edits of a prompt.
        Returns (blanked, deleted)."""
        final = t.outbox.c.state.in_(("sent", "failed", "uncertain", "withdrawn", "skipped"))
        async with self._writing() as connection:
            deleted = await connection.execute(delete(t.outbox).where(and_(
                final, t.outbox.c.created_at < delete_before)))
            blanked = await connection.execute(
                update(t.outbox).where(and_(final, t.outbox.c.created_at < scrub_before,
                                            cast(t.outbox.c.params, String) != "{}"))
                .values(params={}))
            return int(blanked.rowcount or 0), int(deleted.rowcount or 0)

    async def update_states(self) -> dict[str, int]:
        query = select(t.updates.c.state, func.count()).group_by(t.updates.c.state)
        async with self.engine.connect() as connection:
            return {row[0]: int(row[1]) for row in await connection.execute(query)}

    # -- conversation state and user/chat data (PTB persistence) -----------------------

    async def flush(self, staged: Iterable[StagedWrite]) -> None:
        """Save staged state that no update carried (at shutdown)."""
        staged = list(staged)
        if staged:
            async with self._writing() as connection:
                await self._apply(connection, staged)

    async def _apply(self, connection: AsyncConnection, staged: Iterable[StagedWrite]) -> None:
        for write in staged:
            table, where, values = _target(write)
            await connection.execute(delete(table).where(where))
            if write.value is not DELETED and values is not None:
                await connection.execute(table.insert().values(**values))

    async def conversations(self, name: str) -> dict[tuple[Any, ...], Any]:
        query = select(t.conversations.c.key, t.conversations.c.state).where(
            t.conversations.c.name == name)
        async with self.engine.connect() as connection:
            return {tuple(json.loads(row.key)): row.state
                    for row in await connection.execute(query)}

    async def user_data(self) -> dict[int, dict[Any, Any]]:
        async with self.engine.connect() as connection:
            result = await connection.execute(select(t.user_data))
            return {row.user_id: dict(row.data) for row in result}

    async def chat_data(self) -> dict[int, dict[Any, Any]]:
        async with self.engine.connect() as connection:
            result = await connection.execute(select(t.chat_data))
            return {row.chat_id: dict(row.data) for row in result}

    # -- the outbox -------------------------------------------------------------------

    async def enqueue(self, *, chat_id: int, kind: int, method: str, params: dict[str, Any],
                      not_before: float, now: float, dedupe_key: str | None = None,
                      edits: str | None = None, memo: dict[str, Any] | None = None,
                      topic: str | None = None) -> bool:
        """Add one message to send; False when its dedupe key was enqueued before.

        `edits`: the dedupe key of the row whose sent message this row changes (its
        `params` then lack `message_id`, which the sender fills in); `memo`: kept with
        the row for later rows, never sent."""
        statement = self._insert(t.outbox).values(
            chat_id=chat_id, kind=kind, method=method, params=params, not_before=not_before,
            dedupe_key=dedupe_key, state="pending", attempts=0, created_at=now, edits=edits,
            memo=memo, topic=topic,
        ).on_conflict_do_nothing(index_elements=["dedupe_key"])
        async with self._writing() as connection:
            result = await connection.execute(statement)
            return bool(result.rowcount)

    async def due(self, now: float, limit: int, busy_chats: Iterable[int] = ()) -> list[OutboxRow]:
        """Pending messages whose time has come, most urgent first, oldest first."""
        query = (select(t.outbox).where(t.outbox.c.state == "pending",
                                        t.outbox.c.not_before <= now)
                 .order_by(t.outbox.c.kind, t.outbox.c.not_before, t.outbox.c.id).limit(limit))
        busy = list(busy_chats)
        if busy:
            query = query.where(t.outbox.c.chat_id.not_in(busy))
        async with self.engine.connect() as connection:
            return [OutboxRow(row.id, row.chat_id, row.kind, row.method, row.params,
                              row.not_before, row.attempts, row.edits)
                    for row in await connection.execute(query)]

    async def next_due_at(self) -> float | None:
        query = select(func.min(t.outbox.c.not_before)).where(t.outbox.c.state == "pending")
        async with self.engine.connect() as connection:
            return (await connection.execute(query)).scalar()

    async def mark_sent(self, row_id: int, message_id: int | None, now: float) -> None:
        async with self._writing() as connection:
            await connection.execute(update(t.outbox).where(t.outbox.c.id == row_id).values(
                state="sent", outcome="sent", message_id=message_id, sent_at=now,
                attempts=t.outbox.c.attempts + 1))

    async def mark_failed(self, row_id: int, outcome: str, detail: str, now: float,
                          *, state: str = "failed") -> None:
        """Record a send that will not be tried again: failed, or "uncertain" when it may
        have been delivered (a read timeout): sending it again could repeat it."""
        async with self._writing() as connection:
            await connection.execute(update(t.outbox).where(t.outbox.c.id == row_id).values(
                state=state, outcome=outcome, detail=detail[:500], sent_at=now,
                attempts=t.outbox.c.attempts + 1))

    async def mark_skipped(self, row_id: int, detail: str, now: float) -> None:
        """An edit whose message was never sent: nothing to change, never tried again."""
        async with self._writing() as connection:
            await connection.execute(update(t.outbox).where(t.outbox.c.id == row_id).values(
                state="skipped", outcome="skipped", detail=detail[:500], sent_at=now))

    async def sent_message(self, dedupe_key: str) -> SentMessage | None:
        """The state, chat and message id of the row with this dedupe key (None: no row)."""
        query = select(t.outbox.c.state, t.outbox.c.chat_id, t.outbox.c.message_id).where(
            t.outbox.c.dedupe_key == dedupe_key)
        async with self.engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else SentMessage(row.state, row.chat_id, row.message_id)

    async def rows_of(self, topic: str) -> list[dict[str, Any]]:
        """The rows of one topic (key, state, chat, memo), oldest first: e.g. one round of
        a case's handoff prompts, to edit them once the case is claimed."""
        query = (select(t.outbox.c.dedupe_key, t.outbox.c.state, t.outbox.c.chat_id,
                        t.outbox.c.memo)
                 .where(t.outbox.c.topic == topic).order_by(t.outbox.c.id))
        async with self.engine.connect() as connection:
            return [dict(row._mapping) for row in await connection.execute(query)]

    async def retry_later(self, row_id: int, not_before: float, detail: str) -> None:
        async with self._writing() as connection:
            await connection.execute(update(t.outbox).where(t.outbox.c.id == row_id).values(
                not_before=not_before, detail=detail[:500], attempts=t.outbox.c.attempts + 1))

    async def withdraw_pending(self, prefix: str) -> int:
        """Withdraw the pending messages whose dedupe key starts with `prefix` (e.g. a
        case's reminders after it was cancelled); sent ones stay as they are."""
        async with self._writing() as connection:
            return await self._withdraw(connection, prefix)

    async def apply(self, plan: Plan, *, cursor: tuple[str, int] | None = None,
                    done: tuple[str, int] | None = None) -> int:
        """In one transaction: withdraw what `plan` withdraws, enqueue its rows, and move
        `cursor` (name, position) or mark the event at `done` (name, position) acted on,
        so that a crash repeats nothing and loses nothing. Returns how many rows were new."""
        keys = [row["dedupe_key"] for row in plan.rows]
        if any(key is None for key in keys):
            raise ValueError("a planned row needs a dedupe key: a replay must add nothing")
        async with self._writing() as connection:
            if plan.withdraw:
                await connection.execute(update(t.outbox).where(
                    t.outbox.c.state == "pending", t.outbox.c.topic.in_(set(plan.withdraw)),
                    t.outbox.c.dedupe_key.not_in(keys)).values(
                    state="withdrawn", outcome="withdrawn"))
            added = 0
            for row in plan.rows:
                statement = self._insert(t.outbox).values(
                    **row, state="pending", attempts=0,
                ).on_conflict_do_nothing(index_elements=["dedupe_key"])
                added += int((await connection.execute(statement)).rowcount or 0)
            if cursor is not None:
                await self._move_cursor(connection, *cursor)
            if done is not None:
                await connection.execute(self._insert(t.feed_done).values(
                    name=done[0], position=done[1]).on_conflict_do_nothing(
                    index_elements=["name", "position"]))
            return added

    async def _withdraw(self, connection: AsyncConnection, prefix: str) -> int:
        where = [t.outbox.c.state == "pending",
                 t.outbox.c.dedupe_key.like(f"{_escaped(prefix)}%", escape="\\")]
        result = await connection.execute(update(t.outbox).where(*where).values(
            state="withdrawn", outcome="withdrawn"))
        return int(result.rowcount or 0)

    # -- cursors into the case service's feeds -------------------------------------------

    async def cursor(self, name: str) -> int:
        """The position of the last event of feed `name` acted on (0: none yet)."""
        query = select(t.cursors.c.position).where(t.cursors.c.name == name)
        async with self.engine.connect() as connection:
            return int((await connection.execute(query)).scalar() or 0)

    async def set_cursor(self, name: str, position: int) -> None:
        """Move a cursor forward (never back: a late writer cannot undo progress), and
        forget the done marks it has passed."""
        async with self._writing() as connection:
            await self._move_cursor(connection, name, position)
            await connection.execute(delete(t.feed_done).where(
                t.feed_done.c.name == name, t.feed_done.c.position <= position))

    async def done_after(self, name: str, after: int) -> set[int]:
        """Events past the cursor `after` already acted on (a page cut off by a crash)."""
        query = select(t.feed_done.c.position).where(t.feed_done.c.name == name,
                                                     t.feed_done.c.position > after)
        async with self.engine.connect() as connection:
            return {int(row[0]) for row in await connection.execute(query)}

    async def _move_cursor(self, connection: AsyncConnection, name: str, position: int) -> None:
        statement = self._insert(t.cursors).values(name=name, position=position)
        statement = statement.on_conflict_do_update(
            index_elements=["name"], set_={"position": position},
            where=t.cursors.c.position < position)
        await connection.execute(statement)

    async def outbox_rows(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Every outbox row (for tests and the operator), oldest first."""
        query = select(t.outbox).order_by(t.outbox.c.id)
        if chat_id is not None:
            query = query.where(t.outbox.c.chat_id == chat_id)
        async with self.engine.connect() as connection:
            return [dict(row._mapping) for row in await connection.execute(query)]


def _escaped(prefix: str) -> str:
    """A LIKE pattern's literal part: `_` and `%` in a key are not wildcards."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@contextlib.asynccontextmanager
async def _no_turn() -> AsyncIterator[None]:
    yield


def _target(write: StagedWrite) -> tuple[Any, Any, dict[str, Any] | None]:
    if write.kind == "conversation":
        name, key = write.key
        encoded = json.dumps(list(key))
        where = and_(t.conversations.c.name == name, t.conversations.c.key == encoded)
        return t.conversations, where, {"name": name, "key": encoded, "state": write.value}
    if write.kind == "user":
        (user_id,) = write.key
        return t.user_data, t.user_data.c.user_id == user_id, {"user_id": user_id,
                                                               "data": write.value}
    (chat_id,) = write.key
    return t.chat_data, t.chat_data.c.chat_id == chat_id, {"chat_id": chat_id,
                                                           "data": write.value}
