"""The bot's store keeps each update once, saves state with it, and forgets payloads."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import BotStore, StagedWrite
from bot.store import migrate as bot_migrate
from bot.store.store import DELETED
from bot.store.tables import metadata

NOW = 1_790_000_000.0


def _message(update_id: int, chat: int = 7) -> dict:
    return {"update_id": update_id, "message": {"message_id": update_id, "date": 0,
            "chat": {"id": chat, "type": "private"}, "text": "138 0013 8000"}}


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


async def test_the_bot_store_migrates_up_and_down_with_its_own_version_table(
        empty_engine: AsyncEngine) -> None:
    await bot_migrate.upgrade(empty_engine)
    assert await bot_migrate.current_revision(empty_engine) == bot_migrate.head_revision()
    assert await _tables(empty_engine) == set(metadata.tables) | {"bot_alembic_version"}
    await bot_migrate.downgrade(empty_engine, "base")
    assert await _tables(empty_engine) == {"bot_alembic_version"}
    for revision in bot_migrate.all_revisions():
        await bot_migrate.upgrade(empty_engine, revision)


async def test_the_bot_store_head_schema_matches_its_tables(bot_store: BotStore) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    def diff(sync_connection: object) -> list[object]:
        context = MigrationContext.configure(  # type: ignore[arg-type]
            sync_connection, opts={"version_table": bot_migrate.VERSION_TABLE})
        return compare_metadata(context, metadata)

    async with bot_store.engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_an_update_delivered_twice_is_stored_once(bot_store: BotStore) -> None:
    assert await bot_store.accept_updates([(1, "7", _message(1))], NOW) == [1]
    assert await bot_store.accept_updates([(1, "7", _message(1)), (2, "7", _message(2))],
                                          NOW) == [2]
    assert [item.update_id for item in await bot_store.pending_updates()] == [1, 2]


async def test_finishing_an_update_saves_its_state_and_erases_its_payload_together(
        bot_store: BotStore) -> None:
    await bot_store.accept_updates([(5, "7", _message(5))], NOW)
    staged = [StagedWrite("conversation", ("booking", (7, 7)), "ASK_FIELD"),
              StagedWrite("user", (7,), {"language": "en"})]
    await bot_store.finish_update(5, staged, NOW + 1)
    assert await bot_store.pending_updates() == []
    assert await bot_store.conversations("booking") == {(7, 7): "ASK_FIELD"}
    assert await bot_store.user_data() == {7: {"language": "en"}}
    async with bot_store.engine.connect() as connection:
        row = (await connection.exec_driver_sql(
            "SELECT payload, state FROM bot_updates WHERE update_id = 5")).one()
    assert row.payload is None and row.state == "done"


async def test_a_deleted_conversation_state_removes_the_row(bot_store: BotStore) -> None:
    await bot_store.flush([StagedWrite("conversation", ("booking", (7, 7)), "X")])
    await bot_store.flush([StagedWrite("conversation", ("booking", (7, 7)), DELETED)])
    assert await bot_store.conversations("booking") == {}


async def test_handled_update_ids_are_kept_for_the_dedupe_window_then_forgotten(
        bot_store: BotStore) -> None:
    await bot_store.accept_updates([(1, "7", _message(1)), (2, "7", _message(2))], NOW)
    await bot_store.finish_update(1, [], NOW)
    assert await bot_store.prune_updates(before=NOW - 1) == 0
    assert await bot_store.prune_updates(before=NOW + 1) == 1
    # The forgotten one could come again; the pending one is never pruned.
    assert await bot_store.accept_updates([(2, "7", _message(2))], NOW) == []
    assert await bot_store.update_states() == {"pending": 1}


async def test_the_outbox_drops_a_repeated_dedupe_key_and_orders_by_priority(
        bot_store: BotStore) -> None:
    args = {"method": "sendMessage", "now": NOW}
    assert await bot_store.enqueue(chat_id=1, kind=2, params={"text": "bulk"},
                                   not_before=NOW, dedupe_key="b1", **args)
    assert await bot_store.enqueue(chat_id=2, kind=1, params={"text": "notify"},
                                   not_before=NOW, dedupe_key="n1", **args)
    assert not await bot_store.enqueue(chat_id=2, kind=1, params={"text": "again"},
                                       not_before=NOW, dedupe_key="n1", **args)
    assert await bot_store.enqueue(chat_id=3, kind=1, params={"text": "later"},
                                   not_before=NOW + 60, **args)
    due = await bot_store.due(NOW, limit=10)
    assert [row.params["text"] for row in due] == ["notify", "bulk"]
    assert [row.chat_id for row in await bot_store.due(NOW, 10, busy_chats=[2])] == [1]
    await bot_store.mark_sent(due[0].id, 99, NOW)
    # A notification that has come due still goes before bulk.
    assert [row.params["text"] for row in await bot_store.due(NOW + 61, 10)] == [
        "later", "bulk"]
