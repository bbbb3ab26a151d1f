"""Conversation state is staged per chat and saved only with that chat's own update."""

from __future__ import annotations

from bot.persistence import StorePersistence
from bot.store import BotStore


async def test_staged_state_goes_only_with_the_update_of_its_own_chat_or_user(
        bot_store: BotStore) -> None:
    persistence = StorePersistence(bot_store)
    await persistence.update_conversation("booking", (7, 7), "ASK")
    await persistence.update_conversation("booking", (8, 8), "CONFIRM")
    await persistence.update_user_data(7, {"language": "en"})
    await persistence.update_chat_data(8, {"x": 1})
    taken = persistence.take(chat_id=7, user_id=7)
    assert {(write.kind, write.key) for write in taken} == {
        ("conversation", ("booking", (7, 7))), ("user", (7,))}
    assert {(write.kind, write.key) for write in persistence.take(8, 8)} == {
        ("conversation", ("booking", (8, 8))), ("chat", (8,))}
    assert persistence.take(7, 7) == []


async def test_a_later_staged_value_replaces_an_earlier_one_and_is_copied(
        bot_store: BotStore) -> None:
    persistence = StorePersistence(bot_store)
    data = {"step": 1}
    await persistence.update_user_data(7, data)
    data["step"] = 2  # a handler mutating user_data after staging changes nothing staged
    (write,) = persistence.take(None, 7)
    assert write.value == {"step": 1}


async def test_state_no_update_carried_is_saved_at_shutdown(bot_store: BotStore) -> None:
    persistence = StorePersistence(bot_store)
    await persistence.update_conversation("booking", (9, 9), "ASK")
    await persistence.flush()
    assert await StorePersistence(bot_store).get_conversations("booking") == {(9, 9): "ASK"}


async def test_writes_given_back_after_a_failed_commit_do_not_overwrite_newer_ones(
        bot_store: BotStore) -> None:
    persistence = StorePersistence(bot_store)
    await persistence.update_conversation("booking", (7, 7), "OLD")
    taken = persistence.take(7, 7)
    await persistence.update_conversation("booking", (7, 7), "NEW")
    persistence.give_back(taken)
    (write,) = persistence.take(7, 7)
    assert write.value == "NEW"


async def test_user_data_that_did_not_change_is_not_written_again(bot_store: BotStore) -> None:
    persistence = StorePersistence(bot_store)
    await persistence.update_user_data(7, {"language": "en"})
    written = persistence.take(7, 7)
    await bot_store.flush(written)
    persistence.committed(written)
    await persistence.update_user_data(7, {"language": "en"})  # PTB hands it over again
    assert persistence.take(7, 7) == []
    await persistence.update_user_data(7, {"language": "zh"})
    assert [write.value for write in persistence.take(7, 7)] == [{"language": "zh"}]


async def test_data_loaded_at_start_counts_as_saved(bot_store: BotStore) -> None:
    first = StorePersistence(bot_store)
    await first.update_chat_data(8, {"x": 1})
    await first.flush()
    second = StorePersistence(bot_store)
    assert await second.get_chat_data() == {8: {"x": 1}}
    await second.update_chat_data(8, {"x": 1})
    assert second.take(8, None) == []
